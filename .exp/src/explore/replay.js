/*
 * The replay strategy: feeds back a recorded choice stream. A stream that does not fit the
 * execution (a thread that is not runnable, a value out of range, running out of choices)
 * means the token was not produced by this scenario and design.
 */
export class ReplayMismatch extends Error {
}
export class ReplayStrategy {
    choices;
    name = 'replay';
    exhausted = false;
    pos = 0;
    used = false;
    constructor(choices) {
        this.choices = choices;
    }
    nextExecution() {
        if (this.used)
            return false;
        this.used = true;
        this.pos = 0;
        return true;
    }
    executionDone() { }
    /** True if every choice of the token was consumed. */
    get complete() {
        return this.pos === this.choices.length;
    }
    next() {
        if (this.pos >= this.choices.length)
            throw new ReplayMismatch('replay token ended before the execution did (token does not match this scenario/design)');
        return this.choices[this.pos++];
    }
    pickThread(runnable) {
        const t = this.next();
        if (!runnable.includes(t))
            throw new ReplayMismatch(`replay token picks thread ${t}, which is not runnable here (token does not match this scenario/design)`);
        return t;
    }
    pickValue(n) {
        const v = this.next();
        if (v >= n)
            throw new ReplayMismatch(`replay token chooses value ${v} of ${n} (token does not match this scenario/design)`);
        return v;
    }
}
