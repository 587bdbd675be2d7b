/*
 * A small seeded PRNG (sfc32) so that every random choice of the explorer is reproducible
 * from the seed. Math.random is never used.
 */
export class Rng {
    a;
    b;
    c;
    d;
    /** `stream`: independent streams of one seed (executionRng). */
    constructor(seed, stream = 0) {
        this.a = 0x9e3779b9;
        this.b = (0x243f6a88 ^ Math.imul(stream, 0x85ebca6b)) | 0;
        this.c = 0xb7e15162;
        this.d = seed >>> 0;
        for (let i = 0; i < 15; i++)
            this.u32();
    }
    u32() {
        const t = (((this.a + this.b) | 0) + this.d) | 0;
        this.d = (this.d + 1) | 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) | 0;
        this.c = (this.c << 21) | (this.c >>> 11);
        this.c = (this.c + t) | 0;
        return t >>> 0;
    }
    /** Uniform integer in [0, n). */
    below(n) {
        return this.u32() % n;
    }
    float() {
        return this.u32() / 4294967296;
    }
}
/**
 * The random choices of execution `j` (0-based) of a random or pct exploration with `seed`: a
 * function of the two alone, so a shard can start at any execution (split.ts).
 */
export function executionRng(seed, j) {
    return new Rng(seed, j + 1);
}
