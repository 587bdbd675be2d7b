export declare function benchPictures(): Promise<string[]>;
