package io.github.recur.bench;

import java.util.Locale;

/**
 * One benchmark configuration: a cell ("lstm", "gru", "rnn"), a mode and the sizes.
 * Modes: {@code train} = one optimizer step (forward, BPTT, Adam) on a batch, last-step output
 * into a dense(1) head with MSE; {@code infer} = forward of the same batch; {@code gen} = batch 1,
 * one time step at a time with carried state (text generation), timed per step.
 */
public record Workload(String cell, String mode, int batch, int steps, int inputs, int hidden) {
    /** Time steps run per timed operation in {@code gen} mode (the result is divided by it). */
    public static final int GEN_STEPS = 100;

    public String label() {
        return String.format(Locale.ROOT, "%-4s %-5s B=%-3d T=%-4d I=%-3d H=%d", cell, mode, batch, steps, inputs, hidden);
    }

    /** How many single steps one timed operation contains. */
    public int opsPerTiming() { return mode.equals("gen") ? GEN_STEPS : 1; }

    public String json() {
        return String.format(Locale.ROOT, "{\"cell\":\"%s\",\"mode\":\"%s\",\"B\":%d,\"T\":%d,\"I\":%d,\"H\":%d}",
                cell, mode, batch, steps, inputs, hidden);
    }
}
