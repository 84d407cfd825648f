package io.github.recur.kernel.rendering;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** XChart charts: PNG by default, SVG on request, and a one-line description as text. */
final class ChartRendering {
    private ChartRendering() {}

    static String describe(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isEmpty() ? "" : " '" + chart.getTitle() + "'";
        return chart.getClass().getSimpleName() + title + " " + chart.getWidth() + "x" + chart.getHeight();
    }

    static String png(Chart<?, ?> chart) throws IOException {
        return ImageRendering.png(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    static String svg(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return out.toString(StandardCharsets.UTF_8);
    }
}
