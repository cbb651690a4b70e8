/** V8 flags of the production server's processes (node-flags.mjs). */
export declare const SERVER_NODE_FLAGS: readonly string[];
