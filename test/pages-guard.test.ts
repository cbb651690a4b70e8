import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROLES } from '@/db/schema';
import { ACCESS, can, type Area, type Principal } from '@/lib/auth/policy';

/**
 * Every page under app/(app) guards itself: the layout's check does not protect a page (Next
 * renders them in parallel), so the first statement of the page's default export is
 * `await pageUser(area)` or `const x = await pageUser(area)`, with area a literal of
 * lib/auth/policy.ts (ACCESS or 'operators'). A page may instead start with a loader declared in
 * the same file (e.g. `const load = cache(async (id) => { const actor = await pageUser(area); … })`)
 * whose own first statement is that guard. Pages with no area (any signed-in user) are listed
 * below with the reason. The navigation is checked against the same map: a link shown for an area
 * leads to a page of that area, and a page inside a section lets in no one the section's link is
 * hidden from.
 */

const root = path.resolve(import.meta.dirname, '..');
const appDir = path.join(root, 'app', '(app)');
const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Pages any signed-in user may open: `await pageUser()` without an area. */
const SIGNED_IN_PAGES: Record<string, string> = {
  'app/(app)/page.tsx': "Home: where every signed-in user lands; it shows only the links the user's areas allow.",
  'app/(app)/account/page.tsx': "The user's own account (password, language): every signed-in user has one.",
  'app/(app)/admin/page.tsx':
    'The administration index: only links, each shown for its own area (checked below) to a page that guards itself; it answers 403 when it would show none.',
  'app/(app)/help/page.tsx':
    'Help topics: describe the areas and roles, show no record; linked from every page header.',
  'app/(app)/help/[area]/page.tsx':
    "One area's help (what each role may do, how the work flows): text only, no record of any operator.",
};

/** Pages opened from a section without being under its path: the section whose link leads to them. */
const REACHED_FROM: Record<string, string> = {
  '/members': '/households',
  // Enrolment and payment officers record grievances from a member's page (components/grievances/member-grievances.tsx).
  '/grievances/new': '/households',
};

const AREAS = new Set<string>([...Object.keys(ACCESS), 'operators']);

const sources = new Map<string, ts.SourceFile>();
function source(file: string): ts.SourceFile {
  let sf = sources.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    sources.set(file, sf);
  }
  return sf;
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;

/** A function declared at the top of the file: `function name`, `const name = fn` or `const name = cache(fn)`. */
function topLevelFunction(sf: ts.SourceFile, name: string): FunctionLike | undefined {
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name?.text === name) return s;
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== name || !d.initializer) continue;
      let init: ts.Expression = d.initializer;
      if (
        ts.isCallExpression(init) &&
        ts.isIdentifier(init.expression) &&
        init.expression.text === 'cache' &&
        init.arguments[0]
      )
        init = init.arguments[0];
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
  }
  return undefined;
}

function defaultExport(sf: ts.SourceFile): FunctionLike | undefined {
  for (const s of sf.statements) {
    if (
      ts.isFunctionDeclaration(s) &&
      hasModifier(s, ts.SyntaxKind.ExportKeyword) &&
      hasModifier(s, ts.SyntaxKind.DefaultKeyword)
    )
      return s;
    if (ts.isExportAssignment(s) && !s.isExportEquals) {
      if (ts.isIdentifier(s.expression)) return topLevelFunction(sf, s.expression.text);
      if (ts.isArrowFunction(s.expression) || ts.isFunctionExpression(s.expression)) return s.expression;
    }
  }
  return undefined;
}

function namedExport(sf: ts.SourceFile, name: string): FunctionLike | undefined {
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name?.text === name && hasModifier(s, ts.SyntaxKind.ExportKeyword)) return s;
    if (ts.isVariableStatement(s) && hasModifier(s, ts.SyntaxKind.ExportKeyword)) {
      const f = topLevelFunction(sf, name);
      if (f && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)) return f;
    }
  }
  return undefined;
}

/** `pageUser` is the one from lib/auth/page, not a look-alike. */
function importsPageUser(sf: ts.SourceFile): boolean {
  return sf.statements.some(
    (s) =>
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.moduleSpecifier.text === '@/lib/auth/page' &&
      s.importClause?.namedBindings !== undefined &&
      ts.isNamedImports(s.importClause.namedBindings) &&
      s.importClause.namedBindings.elements.some((e) => e.name.text === 'pageUser' && !e.propertyName),
  );
}

type Guard = { area: string | null; via?: string } | { error: string };

/** What the function's first statement guards with. */
function guardOf(sf: ts.SourceFile, fn: FunctionLike | undefined, what: string, depth = 0): Guard {
  if (!fn) return { error: `no ${what} function found` };
  if (!fn.body || !ts.isBlock(fn.body))
    return { error: `${what} has no block body, so no first statement to guard with` };
  const first = fn.body.statements[0];
  if (!first) return { error: `${what} is empty` };
  const text = first.getText(sf).split('\n')[0]!.slice(0, 120);
  let expr: ts.Expression | undefined;
  if (ts.isExpressionStatement(first)) expr = first.expression;
  else if (ts.isVariableStatement(first) && first.declarationList.declarations.length === 1)
    expr = first.declarationList.declarations[0]!.initializer;
  if (
    !expr ||
    !ts.isAwaitExpression(expr) ||
    !ts.isCallExpression(expr.expression) ||
    !ts.isIdentifier(expr.expression.expression)
  ) {
    return { error: `the first statement of ${what} is \`${text}\`, not \`await pageUser(area)\`` };
  }
  const call = expr.expression;
  const callee = (expr.expression.expression as ts.Identifier).text;
  if (callee === 'pageUser') {
    if (!importsPageUser(sf)) return { error: "calls a pageUser that is not imported from '@/lib/auth/page'" };
    if (call.arguments.length === 0) return { area: null };
    const [arg] = call.arguments;
    if (call.arguments.length > 1 || !arg || !ts.isStringLiteral(arg))
      return { error: `\`${text}\`: the area must be one string literal` };
    return { area: arg.text };
  }
  const loader = depth === 0 ? topLevelFunction(sf, callee) : undefined;
  if (!loader)
    return {
      error: `the first statement of ${what} is \`${text}\`, not \`await pageUser(area)\` nor a loader of this file that starts with it`,
    };
  const inner = guardOf(sf, loader, `its loader ${callee}`, depth + 1);
  return 'error' in inner ? inner : { ...inner, via: callee };
}

const pageFiles = files(appDir)
  .filter((f) => path.basename(f) === 'page.tsx')
  .map(rel)
  .sort();

/** The URL path of a page: route groups dropped. */
const routeOf = (page: string) =>
  `/${page
    .replace(/^app\//, '')
    .replace(/\/?page\.tsx$/, '')
    .split('/')
    .filter((s) => !/^\(.*\)$/.test(s))
    .join('/')}`;
const pageAt = new Map(pageFiles.map((p) => [routeOf(p), p]));
const guards = new Map(
  pageFiles.map((p) => [
    p,
    guardOf(source(path.join(root, p)), defaultExport(source(path.join(root, p))), 'the default export'),
  ]),
);
const areaOf = (page: string): string | null | undefined => {
  const g = guards.get(page);
  return !g || 'error' in g ? undefined : g.area;
};

// Every kind of principal the policy knows: each role alone, and the platform administrator.
const principals: (Principal & { label: string })[] = [
  ...ROLES.map((r) => ({ label: r, isPlatformAdmin: false, roles: [r] })),
  { label: 'platform administrator', isPlatformAdmin: true, roles: [] },
];

interface NavLink {
  file: string;
  href: string;
  areas: string[];
}

/** `can(x, 'area')`, or such calls joined by ||: the areas; otherwise null. */
function canAreas(e: ts.Expression): string[] | null {
  if (ts.isParenthesizedExpression(e)) return canAreas(e.expression);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    const l = canAreas(e.left);
    const r = canAreas(e.right);
    return l && r ? [...l, ...r] : null;
  }
  if (
    ts.isCallExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'can' &&
    e.arguments[1] &&
    ts.isStringLiteral(e.arguments[1])
  ) {
    return [e.arguments[1].text];
  }
  return null;
}

/** The literal hrefs in a subtree: JSX `href="…"` and `{ href: '…' }`. */
function hrefsIn(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isJsxAttribute(n) && n.name.getText() === 'href' && n.initializer && ts.isStringLiteral(n.initializer))
      out.push(n.initializer.text);
    if (ts.isPropertyAssignment(n) && n.name.getText() === 'href' && ts.isStringLiteralLike(n.initializer))
      out.push(n.initializer.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** The navigation's links gated by an area, in the layout and the pages of app/(app). */
function navLinks(): NavLink[] {
  const links: NavLink[] = [];
  for (const f of files(appDir).filter((x) => x.endsWith('.tsx'))) {
    const sf = source(f);
    const visit = (n: ts.Node) => {
      // { href: '/households', area: 'households', … } (the layout's sections)
      if (ts.isObjectLiteralExpression(n)) {
        const prop = (name: string) =>
          n.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name);
        const href = prop('href');
        const area = prop('area');
        if (href && area && ts.isStringLiteralLike(href.initializer) && ts.isStringLiteralLike(area.initializer)) {
          links.push({ file: rel(f), href: href.initializer.text, areas: [area.initializer.text] });
        }
      }
      // can(user, 'x') && <Link href="…"> / { href: '…' }
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
        const areas = canAreas(n.left);
        if (areas) for (const href of hrefsIn(n.right)) links.push({ file: rel(f), href, areas });
      }
      // if (can(user, 'x') || can(user, 'y')) items.push({ href: '…' })
      if (ts.isIfStatement(n)) {
        const areas = canAreas(n.expression);
        if (areas) for (const href of hrefsIn(n.thenStatement)) links.push({ file: rel(f), href, areas });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return links;
}

describe('page guards', () => {
  it('finds the pages on disk', () => {
    expect(pageFiles.length).toBeGreaterThan(0);
    const stale = Object.keys(SIGNED_IN_PAGES).filter((p) => !pageFiles.includes(p));
    expect(stale, 'SIGNED_IN_PAGES names pages that no longer exist').toEqual([]);
  });

  it('starts every page with await pageUser(area), area a known area or a listed signed-in page', () => {
    const problems: string[] = [];
    for (const page of pageFiles) {
      const g = guards.get(page)!;
      if ('error' in g) {
        problems.push(`${page}: ${g.error}`);
      } else if (g.area === null) {
        if (!SIGNED_IN_PAGES[page])
          problems.push(`${page}: pageUser() without an area, and not listed in SIGNED_IN_PAGES with a reason`);
      } else if (!AREAS.has(g.area)) {
        problems.push(`${page}: pageUser('${g.area}') names no area of lib/auth/policy.ts`);
      } else if (SIGNED_IN_PAGES[page]) {
        problems.push(`${page}: guards with '${g.area}' but is listed in SIGNED_IN_PAGES`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("guards generateMetadata first, with the page's area, when it reads the record the URL names", () => {
    const problems: string[] = [];
    for (const page of pageFiles) {
      const sf = source(path.join(root, page));
      const meta = namedExport(sf, 'generateMetadata');
      // A title from the translations alone needs no guard; one from the URL's record does.
      if (!meta || meta.parameters.length === 0) continue;
      const g = guardOf(sf, meta, 'generateMetadata');
      if ('error' in g) problems.push(`${page}: ${g.error}`);
      else if (g.area !== areaOf(page))
        problems.push(
          `${page}: generateMetadata guards with ${g.area ?? 'no area'}, the page with ${areaOf(page) ?? 'none'}`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('shows each navigation link for the area of the page it leads to', () => {
    const links = navLinks();
    // The layout's sections and the administration index's links, at least.
    expect(links.map((l) => l.href)).toEqual(
      expect.arrayContaining(['/households', '/registry-sync', '/admin', '/admin/users', '/admin/operators']),
    );
    const problems: string[] = [];
    for (const link of links) {
      const route = link.href.split(/[?#]/)[0]!;
      if (route.startsWith('/api/')) continue;
      const page = pageAt.get(route);
      if (!page) {
        problems.push(`${link.file}: links to ${link.href}, where there is no page`);
        continue;
      }
      const area = areaOf(page);
      if (area === undefined || area === null) continue; // unguarded pages fail above; signed-in pages let in whoever sees the link
      if (link.areas.length !== 1 || link.areas[0] !== area) {
        problems.push(
          `${link.file}: shows ${link.href} for ${link.areas.join(' or ')}, but ${page} guards with '${area}'`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it("lets into a section's pages no one the section's link is hidden from", () => {
    const sections = navLinks().filter((l) => l.areas.length === 1 && pageAt.has(l.href));
    const problems: string[] = [];
    for (const page of pageFiles) {
      const area = areaOf(page);
      if (!area) continue;
      let route = routeOf(page);
      for (const [prefix, section] of Object.entries(REACHED_FROM))
        if (route === prefix || route.startsWith(`${prefix}/`)) route = section + route.slice(prefix.length);
      // Every link on the way: those whose path is this page's path or a parent of it.
      const enclosing = sections.filter((s) => route === s.href || route.startsWith(`${s.href}/`));
      if (enclosing.length === 0)
        problems.push(`${page}: under no navigation link (add the section it is opened from to REACHED_FROM)`);
      for (const section of enclosing) {
        const sectionArea = section.areas[0] as Area;
        const hidden = principals.filter((p) => can(p, area as Area) && !can(p, sectionArea)).map((p) => p.label);
        if (hidden.length > 0)
          problems.push(
            `${page} ('${area}') lets in ${hidden.join(', ')}, who are not shown ${section.href} ('${sectionArea}', ${section.file})`,
          );
      }
    }
    expect(problems).toEqual([]);
  });
});
