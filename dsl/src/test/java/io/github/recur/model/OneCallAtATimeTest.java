package io.github.recur.model;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A model used from two threads at once refuses the second call clearly instead of mixing the two. */
class OneCallAtATimeTest {
    private static final INDArray X = randn(1, 8, 5, 2).castTo(DataType.FLOAT);
    private static final INDArray Y = randn(2, 8, 1).castTo(DataType.FLOAT);

    @Test @Timeout(60)
    void predictFromAnotherThreadDuringFitIsRefusedNamingTheBusyCall() throws Exception {
        Model m = sequential(lstm(4), dense(1)).seed(1);
        m.compile(adam(), mse());
        var inFit = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var failure = new AtomicReference<Throwable>();
        Callback pause = new Callback() {
            @Override public void onEpochBegin(int epoch, Model model) {
                inFit.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Thread background = new Thread(() -> {
            try {
                m.fit(X, Y, epochs(1), callbacks(pause), verbose(false));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "background-fit");
        background.start();
        assertTrue(inFit.await(30, TimeUnit.SECONDS));
        var e = assertThrows(IllegalStateException.class, () -> m.predict(X));
        assertTrue(e.getMessage().contains("busy with fit on thread \"background-fit\""), e.getMessage());
        assertTrue(e.getMessage().contains("one call at a time"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> m.loadWeights(m.weights()));
        release.countDown();
        background.join();
        assertNull(failure.get(), () -> "the fit failed: " + failure.get());
        assertEquals(8, m.predict(X).size(0), "the model serves calls again once fit is done");
    }

    @Test void callbacksMayCallBackIntoTheModelFromTheFittingThread() {
        Model m = sequential(lstm(4), dense(1)).seed(1);
        m.compile(adam(), mse());
        var seen = new AtomicReference<INDArray>();
        Callback probe = new Callback() {
            @Override public void onEpochEnd(int epoch, Map<String, Double> logs, Model model) { seen.set(model.predict(X)); }
        };
        m.fit(X, Y, epochs(2), callbacks(probe), verbose(false));
        assertEquals(8, seen.get().size(0));
    }
}
