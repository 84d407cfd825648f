package io.github.recur.kernel.rendering;

import io.github.recur.display.Displayable;
import io.github.recur.display.ModelDisplay;
import io.github.recur.model.History;
import io.github.recur.model.Model;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

import java.awt.image.RenderedImage;

/** The renderers every kernel starts with (users' registrations come before them). */
final class BuiltInRenderers {
    private BuiltInRenderers() {}

    static void addTo(Renderers r) {
        r.addBundle(Displayable.class, Displayable::mimeBundle, false);
        r.addBundle(Model.class, ModelDisplay::mimeBundle, false);
        r.add(RenderedImage.class, "text/plain", i -> i.getClass().getSimpleName() + " " + i.getWidth() + "x" + i.getHeight(), false, false);
        r.add(RenderedImage.class, "image/png", ImageRendering::png, false, false);
        r.add(INDArray.class, "text/plain", ArrayRendering::text, false, false);
        r.add(INDArray.class, "text/html", ArrayRendering::html, false, false);
        r.add(History.class, "text/plain", History::toString, false, false);
        r.add(History.class, "image/svg+xml", h -> HistoryRendering.chart(h, true), true, false);
        r.add(History.class, "image/png", h -> HistoryRendering.chart(h, false), false, false);
        r.add(Chart.class, "text/plain", ChartRendering::describe, false, false);
        r.add(Chart.class, "image/svg+xml", ChartRendering::svg, true, false);
        r.add(Chart.class, "image/png", ChartRendering::png, false, false);
        r.add(Table.class, "text/plain", TableRendering::text, false, false);
        r.add(Table.class, "text/html", TableRendering::html, false, false);
    }
}
