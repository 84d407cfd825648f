package io.github.recur.data;

import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.*;

import io.github.recur.model.History;
import io.github.recur.model.Model;
import io.github.recur.plot.Plots;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/** The notebook path end to end: bundled CSV, windows, scaling on train rows, LSTM, prediction chart. */
class AirlineWorkflowTest {
    @Test
    void airlinePassengersWindowsScaleFitAndPlot() {
        Table t = Datasets.airlinePassengers();
        Split split = Windows.of(t, "Passengers").lookBack(12).horizon(1).scaled(Scaler.minMax()).split(0.7, 0.15);
        assertEquals(101, split.trainEnd());
        assertEquals(122, split.validationEnd());
        assertEquals(101 - 12, split.train().size());
        assertEquals(144 - 12, split.all().size());

        Model model = sequential(lstm(16), dense(1)).seed(7);
        model.compile(adam(1e-2), mse());
        History h = model.fit(split.train(), epochs(15), batchSize(16), validationData(split.validation()), seed(7), verbose(false));
        assertTrue(h.last("loss") < h.values("loss")[0], "training loss should fall: " + h.get("loss"));

        double[] predicted = split.inverse(model.predict(split.all().x())).reshape(split.all().size()).toDoubleVector();
        for (double p : predicted) assertTrue(Double.isFinite(p));
        XYChart c = Plots.predictions(split.actual(), predicted, split.trainEnd(), split.validationEnd());
        assertEquals(144, c.getSeriesMap().get("actual").getYData().length);
        assertEquals(12.0, c.getSeriesMap().get("predicted").getXData()[0]);
    }
}
