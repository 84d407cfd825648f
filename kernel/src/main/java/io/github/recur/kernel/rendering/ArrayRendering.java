package io.github.recur.kernel.rendering;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** ND4J arrays: shape, data type and ND4J's own preview (it elides the middle of large arrays). */
final class ArrayRendering {
    private ArrayRendering() {}

    static String head(INDArray a) {
        return "INDArray " + Arrays.toString(a.shape()) + " " + a.dataType() + (a.isView() ? " (view)" : "");
    }

    static String preview(INDArray a) {
        try {
            return a.toString();
        } catch (RuntimeException e) {
            return "<no preview: " + e.getMessage() + ">";
        }
    }

    static String text(INDArray a) { return head(a) + "\n" + preview(a); }

    static String html(INDArray a) {
        return "<div><b>" + TableRendering.esc(head(a)) + "</b><pre>" + TableRendering.esc(preview(a)) + "</pre></div>";
    }
}
