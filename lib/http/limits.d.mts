export declare const ACTION_BODY_LIMIT: number;
export declare const ANONYMOUS_BODY_LIMIT: number;
export declare const IMPORT_UPLOAD_BYTES: number;
export declare const GAZETTEER_UPLOAD_BYTES: number;
export declare const PAYMENT_RESULTS_BYTES: number;
export declare const ATTACHMENT_BYTES: number;
export declare const MULTIPART_MARGIN: number;
export declare const UPLOAD_ROUTES: ReadonlyArray<{ method: string; pattern: RegExp; maxBytes: number }>;
export declare function uploadRouteOf(
  method: string,
  pathname: string,
): { method: string; pattern: RegExp; maxBytes: number } | undefined;
