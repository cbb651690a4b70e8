/** Metaservices as a security server answers them (pr-mrest annex B, pr-meta annex C). */
export interface PeerService {
  /** instance, class, member, subsystem, service code */
  id: [string, string, string, string, string];
  endpoints: { method: string; path: string }[];
}

export function sameSubsystem(a: string[], b: string[]): boolean {
  return a.slice(0, 4).join('/') === b.slice(0, 4).join('/');
}

/** listMethods / allowedMethods of one provider subsystem, in the snake_case form security servers send. */
export function methodsOf(services: PeerService[], provider: string[]) {
  return {
    service: services
      .filter((s) => sameSubsystem(s.id, provider))
      .map((s) => ({
        member_class: s.id[1],
        member_code: s.id[2],
        object_type: 'SERVICE',
        service_code: s.id[4],
        service_type: 'OPENAPI',
        subsystem_code: s.id[3],
        xroad_instance: s.id[0],
        endpoint_list: s.endpoints,
      })),
  };
}

/** listClients: the members and subsystems this security server knows. */
export function clientsOf(subsystems: string[][]) {
  const seen = new Set<string>();
  const member: unknown[] = [];
  for (const [instance, memberClass, memberCode, subsystem] of subsystems) {
    const m = `${instance}/${memberClass}/${memberCode}`;
    if (!seen.has(m)) {
      seen.add(m);
      member.push({
        id: { member_class: memberClass, member_code: memberCode, object_type: 'MEMBER', xroad_instance: instance },
        name: memberCode,
      });
    }
    if (subsystem && !seen.has(`${m}/${subsystem}`)) {
      seen.add(`${m}/${subsystem}`);
      member.push({
        id: {
          member_class: memberClass,
          member_code: memberCode,
          subsystem_code: subsystem,
          object_type: 'SUBSYSTEM',
          xroad_instance: instance,
        },
        name: memberCode,
        subsystem_name: subsystem,
      });
    }
  }
  return { member };
}
