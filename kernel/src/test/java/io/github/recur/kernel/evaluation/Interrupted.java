package io.github.recur.kernel.evaluation;

/** Test helper: runs code in a fresh cell and interrupts it after half a second, as a user's stop button does. */
final class Interrupted {
    private Interrupted() {}

    static Outcome after500ms(Evaluator evaluator, String code) throws InterruptedException {
        evaluator.beginCell();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException ignored) {
                return;
            }
            evaluator.interrupt();
        });
        interrupter.start();
        Outcome o = evaluator.eval(code);
        interrupter.join();
        return o;
    }
}
