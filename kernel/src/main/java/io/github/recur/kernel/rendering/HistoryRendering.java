package io.github.recur.kernel.rendering;

import io.github.recur.model.History;
import io.github.recur.plot.Plots;

import java.io.IOException;

/** A training {@link History} as its loss curves ({@code Plots.lossCurves}); nothing when no loss was recorded. */
final class HistoryRendering {
    private HistoryRendering() {}

    static String chart(History h, boolean svg) throws IOException {
        if (h.epochs() == 0 || !h.has("loss")) return null;
        var chart = Plots.lossCurves(h);
        return svg ? ChartRendering.svg(chart) : ChartRendering.png(chart);
    }
}
