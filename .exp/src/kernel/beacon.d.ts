export declare const HEARTBEAT_SLOT = 16;
export declare const HEARTBEAT_SLOTS = 64;
export declare const HEARTBEAT_BYTES: number;
