package io.github.recur.display;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.model.Model;
import io.github.recur.train.Loss;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelDisplayTest {
    @Test
    void aModelShowsItsSummaryAsAnHtmlTableAndAsText() {
        Model m = sequential(input(50, 32), lstm(64).returnSequences(), gru(32), dense(1));
        m.compile(adam(1e-3), mse());
        Map<String, String> bundle = ModelDisplay.mimeBundle(m);
        assertEquals(m.toString(), bundle.get("text/plain"));
        String html = bundle.get("text/html");
        assertTrue(html.startsWith("<table>"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">0 lstm</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">25,088</td>"), html);
        assertTrue(html.contains("Total params: <b>34,529</b>"), html);
        assertTrue(html.contains("optimizer Adam(lr=0.001) · loss mse"), html);
    }

    @Test
    void anUnbuiltModelShowsUnknownShapesAndEscapesMarkup() {
        Model m = sequential(dense(2, "softmax"));
        m.compile(sgd(0.1), new Loss() {
            @Override public String name() { return "<i>custom</i>"; }
            @Override public double compute(INDArray pred, INDArray target, INDArray weights, INDArray grad) { return 0; }
        });
        String html = ModelDisplay.mimeBundle(m).get("text/html");
        assertTrue(html.contains("<td style=\"text-align:left\">?</td>"), html);
        assertTrue(html.contains("loss &lt;i&gt;custom&lt;/i&gt;"), html);
        assertTrue(!html.contains("Total params"), html);
    }
}
