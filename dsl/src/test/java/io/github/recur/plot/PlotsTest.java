package io.github.recur.plot;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import io.github.recur.model.History;
import io.github.recur.model.Model;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.factory.Nd4j;

class PlotsTest {
    static BufferedImage render(Chart<?, ?> c) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Plots.png(c)));
        assertNotNull(img, "PNG could not be decoded");
        return img;
    }

    static void assertNotebookSizedPng(Chart<?, ?> c) throws Exception {
        BufferedImage img = render(c);
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
        assertFalse(c.getTitle().isBlank(), "chart needs a title");
        assertFalse(c.getXAxisTitle().isBlank(), "chart needs an x axis label");
        assertFalse(c.getYAxisTitle().isBlank(), "chart needs a y axis label");
    }

    static History history(int epochs, boolean validation) {
        History h = new History();
        for (int e = 0; e < epochs; e++) {
            var logs = new LinkedHashMap<String, Double>();
            logs.put("loss", 1.0 / (e + 1));
            logs.put("mae", 0.5 / (e + 1));
            if (validation) { logs.put("val_loss", 1.5 / (e + 1)); logs.put("val_mae", 0.7 / (e + 1)); }
            logs.put("lr", 1e-3);
            h.record(logs);
        }
        return h;
    }

    @Test
    void lossCurvesHoldTrainAndValidationLossPerEpoch() throws Exception {
        XYChart c = Plots.lossCurves(history(5, true));
        Map<String, XYSeries> s = c.getSeriesMap();
        assertEquals(List.of("loss", "val_loss"), List.copyOf(s.keySet()));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, s.get("loss").getXData(), 0);
        assertArrayEquals(new double[] {1.5, 0.75, 0.5, 0.375, 0.3}, s.get("val_loss").getYData(), 1e-12);
        assertTrue(c.getStyler().isLegendVisible());
        assertNotebookSizedPng(c);
    }

    @Test
    void metricCurvesWithoutValidationHaveOneSeries() throws Exception {
        XYChart c = Plots.metricCurves(history(3, false), "mae");
        assertEquals(List.of("mae"), List.copyOf(c.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {0.5, 0.25, 0.5 / 3}, c.getSeriesMap().get("mae").getYData(), 1e-12);
        assertNotebookSizedPng(c);
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.metricCurves(history(3, false), "acc"));
        assertTrue(e.getMessage().contains("'acc'"), e.getMessage());
    }

    @Test
    void predictionsAreAlignedToTheEndAndTheBoundaryIsMarked() throws Exception {
        double[] actual = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] predicted = {3.1, 3.9, 5.2, 6.1, 6.8, 8.2};
        XYChart c = Plots.predictions(actual, predicted, 5);
        Map<String, XYSeries> s = c.getSeriesMap();
        assertArrayEquals(new double[] {2, 3, 4, 5, 6, 7}, s.get("predicted").getXData(), 0);
        assertArrayEquals(predicted, s.get("predicted").getYData(), 0);
        assertArrayEquals(actual, s.get("actual").getYData(), 0);
        XYSeries b = s.get("train | test");
        assertArrayEquals(new double[] {5, 5}, b.getXData(), 0);
        assertArrayEquals(new double[] {1, 8.2}, b.getYData(), 0);
        assertNotebookSizedPng(c);
        assertTrue(Plots.predictions(actual, predicted, 4, 6).getSeriesMap().containsKey("validation | test"));
        assertThrows(IllegalArgumentException.class, () -> Plots.predictions(new double[2], new double[3], 1));
    }

    @Test
    void forecastContinuesTheHistory() throws Exception {
        XYChart c = Plots.forecast(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7}, new double[] {5, 5.5, 7.5});
        Map<String, XYSeries> s = c.getSeriesMap();
        assertArrayEquals(new double[] {4, 5, 6}, s.get("forecast").getXData(), 0);
        assertArrayEquals(new double[] {5, 5.5, 7.5}, s.get("actual").getYData(), 0);
        assertTrue(s.containsKey("forecast start"));
        assertNotebookSizedPng(c);
    }

    @Test
    void gradientNormsUseALogAxisWithOneSeriesPerModel() throws Exception {
        Map<String, double[]> norms = new LinkedHashMap<>();
        norms.put("SimpleRNN", new double[] {1e-8, 1e-6, 1e-4, 1e-2, 1});
        norms.put("LSTM", new double[] {0.1, 0.2, 0, 0.4, 0.5});
        XYChart c = Plots.gradientNorms(norms);
        assertTrue(c.getStyler().isYAxisLogarithmic());
        assertArrayEquals(new double[] {1e-8, 1e-6, 1e-4, 1e-2, 1}, c.getSeriesMap().get("SimpleRNN").getYData(), 0);
        // the zero cannot sit on a log axis: left out, the others keep their (0-based) time steps
        assertArrayEquals(new double[] {0, 1, 3, 4}, c.getSeriesMap().get("LSTM").getXData(), 0);
        assertNotebookSizedPng(c);
    }

    @Test
    void gradientNormsAxisSpansWholeDecadesAroundEveryValue() {
        XYChart c = Plots.gradientNorms(Map.of("exploding", new double[] {0.29, 3.0, 4.2e5, 3.9e6}, "vanishing", new double[] {1.4e-3, 0.19}));
        assertEquals(1e-3, c.getStyler().getYAxisMin(), 1e-18);
        assertEquals(1e7, c.getStyler().getYAxisMax(), 1e-6);
        XYChart flat = Plots.gradientNorms(Map.of("one", new double[] {1.0, 1.0}));
        assertTrue(flat.getStyler().getYAxisMax() > flat.getStyler().getYAxisMin());
    }

    @Test
    void gradientNormsOfRealModelsRender() throws Exception {
        var x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 12, 2);
        var y = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1);
        Map<String, double[]> norms = new LinkedHashMap<>();
        for (var e : Map.of("SimpleRNN", simpleRnn(6), "LSTM", lstm(6), "GRU", gru(6)).entrySet()) {
            Model m = sequential(e.getValue(), dense(1)).seed(1);
            m.compile(adam(), mse());
            norms.put(e.getKey(), m.stateGradientNorms(x, y, 0));
        }
        XYChart c = Plots.gradientNorms(norms);
        assertEquals(3, c.getSeriesMap().size());
        for (XYSeries s : c.getSeriesMap().values()) assertEquals(12, s.getXData().length);
        assertNotebookSizedPng(c);
    }

    @Test
    void heatmapHoldsEveryTimeStepAndUnit() throws Exception {
        double[][] v = {{0.1, -0.2, 0.3}, {0.4, 0.5, -0.6}};
        HeatMapChart c = Plots.heatmap(v, "Hidden state", "unit");
        var s = c.getHeatMapSeries();
        assertEquals(List.of("0", "1"), s.getXData());
        assertEquals(3, s.getYData().size());
        assertEquals(6, s.getHeatData().size());
        Number[] last = s.getHeatData().get(5);
        assertEquals(1, last[0].intValue());
        assertEquals(2, last[1].intValue());
        assertEquals(-0.6, last[2].doubleValue(), 0);
        assertNotebookSizedPng(c);
    }

    @Test
    void heatmapOnAFixedScaleKeepsThatScale() throws Exception {
        double[][] gate = {{0.9, 0.95}, {0.97, 0.99}};
        HeatMapChart c = Plots.heatmap(gate, "forget gate", "unit", 0, 1);
        assertEquals(0.0, c.getHeatMapSeries().getMin(), 0);
        assertEquals(1.0, c.getHeatMapSeries().getMax(), 0);
        assertEquals(4, c.getHeatMapSeries().getHeatData().size());
        assertNotebookSizedPng(c);
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.heatmap(gate, "t", "u", 1, 1));
        assertEquals("heatmap: the colour scale needs finite min < max, got [1.0, 1.0]", e.getMessage());
    }

    @Test
    void gatesAndHiddenStatesOfAnLstmRender() throws Exception {
        Model m = sequential(lstm(3), dense(1)).seed(2);
        m.compile(adam(), mse());
        var x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 7, 2);
        HeatMapChart g = Plots.gates(m, x, 0);
        int gates = m.gateActivations(x, 0).size();
        assertTrue(gates >= 4, "an LSTM has at least four gates, got " + gates);
        assertEquals(gates * 3, g.getHeatMapSeries().getYData().size());
        assertEquals(gates * 3 * 7, g.getHeatMapSeries().getHeatData().size());
        assertNotebookSizedPng(g);
        HeatMapChart h = Plots.hiddenStates(m, x, 0);
        assertEquals(7 * 3, h.getHeatMapSeries().getHeatData().size());
        assertNotebookSizedPng(h);
    }

    @Test
    void confusionMatrixCountsActualAgainstPredicted() throws Exception {
        int[] actual = {0, 0, 1, 1, 1, 2};
        int[] predicted = {0, 1, 1, 1, 0, 2};
        int[][] m = Plots.confusionCounts(actual, predicted, 3);
        assertArrayEquals(new int[] {1, 1, 0}, m[0]);
        assertArrayEquals(new int[] {1, 2, 0}, m[1]);
        assertArrayEquals(new int[] {0, 0, 1}, m[2]);
        HeatMapChart c = Plots.confusionMatrix(actual, predicted, "neg", "neutral", "pos");
        assertEquals(List.of("neg", "neutral", "pos"), c.getHeatMapSeries().getXData());
        assertEquals(List.of("pos", "neutral", "neg"), c.getHeatMapSeries().getYData());
        // cell (predicted neutral, actual neutral): x 1, y 1 (reversed), count 2
        boolean found = false;
        for (Number[] n : c.getHeatMapSeries().getHeatData()) found |= n[0].intValue() == 1 && n[1].intValue() == 1 && n[2].intValue() == 2;
        assertTrue(found, "cell neutral/neutral should count 2");
        assertTrue(c.getTitle().contains("66.7%"), c.getTitle());
        assertNotebookSizedPng(c);
    }

    @Test
    void classesFromProbabilitiesOrSigmoidOutputs() {
        assertArrayEquals(new int[] {1, 0}, Plots.classes(Nd4j.createFromArray(new double[][] {{0.2, 0.8}, {0.9, 0.1}})));
        assertArrayEquals(new int[] {1, 0, 1}, Plots.classes(Nd4j.createFromArray(new double[][] {{0.7}, {0.2}, {0.5}})));
        assertArrayEquals(new int[] {2, 0}, Plots.classes(Nd4j.createFromArray(new double[] {2, 0})));
    }

    @Test
    void savesPngAndSvg(@TempDir Path dir) throws Exception {
        XYChart c = Plots.lossCurves(history(4, true));
        Path png = Plots.save(c, dir.resolve("loss.png").toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Plots.WIDTH, img.getWidth());
        Path svg = Plots.save(c, dir.resolve("sub/loss.svg").toString());
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), "not an SVG document");
        assertTrue(text.contains("<path"), "the curves should be SVG paths");
        assertTrue(text.contains("viewBox=\"0 0 800 400\""), "SVG should be 800x400: " + text.substring(0, Math.min(400, text.length())));
        assertThrows(IllegalArgumentException.class, () -> Plots.save(c, dir.resolve("loss.gif").toString()));
    }

    @Test
    void attentionShowsSourceAcrossTargetDownAndLeavesOutPadding() {
        double[][] w = {{0.7, 0.2, 0.1, 0}, {0.1, 0.1, 0.8, 0}};
        HeatMapChart c = Plots.attention(w, new String[] {"je", "suis", "je"}, new String[] {"i", "am"});
        var series = c.getHeatMapSeries();
        assertEquals(java.util.List.of("je", "suis", "je (2)"), series.getXData());
        assertEquals(java.util.List.of("am", "i"), series.getYData()); // the first target token on top
        assertEquals(6, series.getHeatData().size());
        boolean found = false;
        for (Object cell : series.getHeatData()) {
            Number[] n = (Number[]) cell; // source 2 ("je" again) for target 0 ("i", the top row)
            found |= n[0].intValue() == 2 && n[1].intValue() == 1 && n[2].doubleValue() == 0.1;
        }
        assertTrue(found, "the weight of target 0 on source 2 is missing");
        assertEquals(0.0, c.getStyler().getMin(), 0);
        assertEquals(1.0, c.getStyler().getMax(), 0);
    }

    @Test
    void attentionRefusesWeightsItCannotShowTruthfully() {
        var batch = assertThrows(IllegalArgumentException.class,
                () -> Plots.attention(org.nd4j.linalg.factory.Nd4j.ones(2, 3, 4), new String[] {"a"}, new String[] {"b"}));
        assertTrue(batch.getMessage().contains("slice(i)"), batch.getMessage());
        var cut = assertThrows(IllegalArgumentException.class,
                () -> Plots.attention(new double[][] {{0.5, 0.5}}, new String[] {"a"}, new String[] {"b"}));
        assertTrue(cut.getMessage().contains("0.500") && cut.getMessage().contains("every source token"), cut.getMessage());
        var many = assertThrows(IllegalArgumentException.class,
                () -> Plots.attention(new double[][] {{1}}, new String[] {"a", "b"}, new String[] {"c"}));
        assertTrue(many.getMessage().contains("[1, 1]"), many.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.attention(new double[][] {{1.5}}, new String[] {"a"}, new String[] {"b"}));
        assertThrows(IllegalArgumentException.class, () -> Plots.attention(new double[][] {{1}}, null, new String[] {"b"}));
    }
}
