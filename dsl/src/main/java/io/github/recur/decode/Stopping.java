package io.github.recur.decode;

/**
 * When a search stops: at the end token (a hypothesis that produced it is complete) and/or after a maximum
 * number of generated tokens. At least one of the two must be set; without a maximum length a search gives up
 * with an error after {@link #UNBOUNDED_LIMIT} steps rather than run forever on a model that never ends.
 */
final class Stopping {
    static final int NO_END_TOKEN = -1;
    static final int NO_MAX_LENGTH = 0;
    /** Steps after which a search without a maximum length stops with an error. */
    static final int UNBOUNDED_LIMIT = 10_000;

    final int endToken;
    final int maxLength;

    Stopping(int endToken, int maxLength) {
        this.endToken = endToken;
        this.maxLength = maxLength;
    }

    static Stopping unset() { return new Stopping(NO_END_TOKEN, NO_MAX_LENGTH); }

    Stopping withEndToken(String search, int token) {
        if (token < 0) throw new IllegalArgumentException(search + ": endToken must be a token id >= 0, got " + token);
        return new Stopping(token, maxLength);
    }

    Stopping withMaxLength(String search, int length) {
        if (length < 1) {
            throw new IllegalArgumentException(search + ": maxLength must be >= 1 (the most tokens to generate, the end token included), got "
                    + length);
        }
        return new Stopping(endToken, length);
    }

    boolean hasEndToken() { return endToken != NO_END_TOKEN; }

    boolean hasMaxLength() { return maxLength != NO_MAX_LENGTH; }

    /** Refuses a search that could not stop, and arguments that cannot be decoded. */
    void check(String search, DecoderStep step, int[] startTokens) {
        if (!hasEndToken() && !hasMaxLength()) {
            throw new IllegalArgumentException(search + ": neither an end token nor a maximum length is set, so decoding would never stop; "
                    + "set endToken(id) (the id of e.g. \"<end>\") and/or maxLength(n)");
        }
        if (step == null) throw new IllegalArgumentException(search + ": step is null; pass the DecoderStep of the model to decode with");
        if (startTokens == null) throw new IllegalArgumentException(search + ": startTokens is null; pass one start token per row, e.g. new int[] {START, START}");
        if (startTokens.length == 0) throw new IllegalArgumentException(search + ": startTokens is empty; pass one start token per row to decode");
        for (int i = 0; i < startTokens.length; i++) {
            if (startTokens[i] < 0) throw new IllegalArgumentException(search + ": start token of row " + i + " must be an id >= 0, got " + startTokens[i]);
        }
    }

    /** Whether step {@code t} (1-based) is the last one allowed; fails past the limit of a search without a maximum length. */
    boolean lastStep(String search, int t, int unfinishedRows) {
        if (hasMaxLength()) return t >= maxLength;
        if (t >= UNBOUNDED_LIMIT) {
            throw new IllegalStateException(search + ": " + unfinishedRows + " row(s) have not produced the end token " + endToken + " after "
                    + UNBOUNDED_LIMIT + " steps; set maxLength(n) to stop them (a model that never ends would run forever)");
        }
        return false;
    }

    @Override public String toString() {
        return (hasEndToken() ? "endToken " + endToken : "no end token") + ", " + (hasMaxLength() ? "maxLength " + maxLength : "no maxLength");
    }
}
