package io.github.recur.kernel.rendering;

import io.github.recur.model.History;
import io.github.recur.display.Displayable;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.QuickChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderersTest {
    private final Renderers renderers = new Renderers(true);

    private static boolean isPng(String base64) {
        byte[] b = Base64.getDecoder().decode(base64);
        return b.length > 4 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    @Test
    void aLargeTableShowsHeadTailAndShapeAsHtmlAndText() {
        Map<String, String> b = renderers.bundle(Table.create("big", IntColumn.indexColumn("i", 100, 0)), null);
        assertTrue(b.get("text/html").contains("100 rows × 1 columns") && b.get("text/html").contains(">99<"));
        assertFalse(b.get("text/html").contains(">50<"));
        assertTrue(b.get("text/plain").contains("..."));
    }

    @Test
    void aChartIsPngByDefaultAndSvgOnRequest() {
        var chart = QuickChart.getChart("Squares", "x", "y", "y", new double[] {1, 2}, new double[] {1, 4});
        Map<String, String> b = renderers.bundle(chart, null);
        assertTrue(isPng(b.get("image/png")));
        assertFalse(b.containsKey("image/svg+xml"));
        Map<String, String> svg = renderers.bundle(chart, "svg");
        assertEquals(Set.of("text/plain", "image/svg+xml"), svg.keySet());
        assertTrue(svg.get("image/svg+xml").contains("<svg"));
    }

    @Test
    void anArrayShowsShapeTypeAndValues() {
        Map<String, String> b = renderers.bundle(Nd4j.linspace(1, 6, 6, DataType.FLOAT).reshape(2, 3), null);
        assertTrue(b.get("text/plain").startsWith("INDArray [2, 3] FLOAT"), b.get("text/plain"));
        assertTrue(b.get("text/html").contains("<pre>"));
    }

    @Test
    void aHistoryShowsItsLossCurvesAndAnEmptyOneOnlyText() {
        History h = new History();
        h.record(Map.of("loss", 1.0));
        h.record(Map.of("loss", 0.5));
        assertTrue(isPng(renderers.bundle(h, null).get("image/png")));
        assertEquals(Set.of("text/plain"), renderers.bundle(new History(), null).keySet());
    }

    @Test
    void imagesDisplayablesAndJavaArraysRender() {
        assertTrue(isPng(renderers.bundle(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), null).get("image/png")));
        Displayable d = () -> Map.of("text/html", "<b>x</b>");
        assertEquals("<b>x</b>", renderers.bundle(d, null).get("text/html"));
        assertEquals("[1, 2]", renderers.bundle(new long[] {1, 2}, null).get("text/plain"));
        assertEquals("null", renderers.bundle(null, null).get("text/plain"));
    }

    record Point(int x, int y) {}

    @Test
    void aUsersRendererComesBeforeTheBuiltInOnesAndTextIsAlwaysThere() {
        renderers.add(Point.class, "text/html", p -> "<i>" + p.x() + "</i>", false, true);
        Map<String, String> b = renderers.bundle(new Point(3, 4), null);
        assertEquals("<i>3</i>", b.get("text/html"));
        assertEquals("Point[x=3, y=4]", b.get("text/plain"));
        renderers.add(Object.class, "text/markdown", o -> "**any**", false, true);
        assertEquals("**any**", renderers.bundle(Table.create("t"), null).get("text/markdown"));
    }

    @Test
    void theMostSpecificRegisteredTypeWins() {
        renderers.add(Number.class, "text/html", n -> "number", false, true);
        renderers.add(Integer.class, "text/html", n -> "integer", false, true);
        assertEquals("integer", renderers.bundle(7, null).get("text/html"));
        assertEquals("number", renderers.bundle(7.5, null).get("text/html"));
    }

    @Test
    void anUnknownFormatOrOneTheValueLacksIsAClearError() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> renderers.bundle("x", "gif89"));
        assertTrue(unknown.getMessage().contains("Unknown display format 'gif89'"), unknown.getMessage());
        var lacking = assertThrows(IllegalArgumentException.class, () -> renderers.bundle("x", "svg"));
        assertTrue(lacking.getMessage().contains("renders as [text/plain]"), lacking.getMessage());
        assertThrows(IllegalArgumentException.class, () -> renderers.add(Point.class, "html", p -> "", false, true));
    }
}
