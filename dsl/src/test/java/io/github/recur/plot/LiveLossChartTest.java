package io.github.recur.plot;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import io.github.recur.display.Display;
import io.github.recur.display.Displayer;
import io.github.recur.model.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class LiveLossChartTest {
    /** Records what the kernel would receive. */
    static final class FakeDisplayer implements Displayer {
        final List<String> calls = new ArrayList<>();
        final List<Object> shown = new ArrayList<>();

        @Override public String display(Object value) { calls.add("display"); shown.add(value); return "id-1"; }
        @Override public void update(String id, Object value) { calls.add("update " + id); shown.add(value); }
        @Override public String displayBundle(Map<String, String> b) { calls.add("displayBundle"); return "progress"; }
        @Override public void updateBundle(String id, Map<String, String> b) { calls.add("updateBundle"); }
    }

    @AfterEach
    void uninstall() { Display.install(null); }

    static Model tiny() {
        Model m = sequential(gru(3), dense(1)).seed(3);
        m.compile(adam(1e-2), mse());
        return m;
    }

    @Test
    void inANotebookOneDisplayIsUpdatedInPlaceEachEpoch() {
        var d = new FakeDisplayer();
        Display.install(d);
        var live = Plots.liveLossChart();
        var x = Nd4j.rand(DataType.FLOAT, 16, 5, 1);
        var y = Nd4j.rand(DataType.FLOAT, 16, 1);
        var h = tiny().fit(x, y, epochs(4), batchSize(8), validationSplit(0.25), verbose(false), callbacks(live));
        List<String> chartCalls = d.calls.stream().filter(c -> !c.endsWith("Bundle")).toList();
        assertEquals(List.of("display", "update id-1", "update id-1", "update id-1"), chartCalls);
        assertEquals("id-1", live.displayId());
        XYChart c = live.chart();
        assertSame(c, d.shown.get(3));
        assertArrayEquals(h.values("loss"), c.getSeriesMap().get("loss").getYData(), 1e-12);
        assertArrayEquals(h.values("val_loss"), c.getSeriesMap().get("val_loss").getYData(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3, 4}, c.getSeriesMap().get("loss").getXData(), 0);
    }

    @Test
    void outsideANotebookItRewritesAPngEachEpoch(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("live.png");
        var live = Plots.liveLossChart().saveTo(png.toString()).metrics("mae");
        var x = Nd4j.rand(DataType.FLOAT, 8, 4, 1);
        var y = Nd4j.rand(DataType.FLOAT, 8, 1);
        Model m = sequential(lstm(2), dense(1)).seed(4);
        m.compile(adam(), mse(), metrics(mae()));
        m.fit(x, y, epochs(3), verbose(false), callbacks(live));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(3, live.chart().getSeriesMap().get("mae").getYData().length);
        assertNull(live.displayId());
    }
}
