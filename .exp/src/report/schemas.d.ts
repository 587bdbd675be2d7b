export declare const SCHEMAS: Record<string, object>;
/** The schema file text (stable formatting, so the files can be compared). */
export declare function schemaText(name: string): string;
