package io.github.recur.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Small real datasets bundled with Recur (nothing is downloaded). Sources and licences are listed in
 * {@code io/github/recur/datasets/DATASETS.md}.
 *
 * <pre>{@code
 * Table passengers = Datasets.airlinePassengers();   // 144 months, Month (date) and Passengers
 * String text = Datasets.shakespeare();               // Coriolanus, for character-level language models
 * }</pre>
 */
public final class Datasets {
    private Datasets() {}

    /** Monthly international airline passengers (thousands), Jan 1949 to Dec 1960: columns {@code Month}, {@code Passengers}; 144 rows. */
    public static Table airlinePassengers() {
        return Csv.load("airline-passengers.csv", "Month", "yyyy-MM");
    }

    /** Daily maximum temperature (°C) in Melbourne, 1981-01-01 to 1982-12-31: columns {@code Date}, {@code MaxTemperature}; 730 rows. */
    public static Table melbourneTemperatures() {
        return Csv.load("melbourne-daily-max-temperatures.csv");
    }

    /**
     * Product review sentences labelled 1 (positive) or 0 (negative), the whole Amazon part of the UCI
     * Sentiment Labelled Sentences set (1000 sentences, 500 positive): columns {@code text}, {@code label}.
     */
    public static Table sentiment() {
        StringColumn text = StringColumn.create("text");
        IntColumn label = IntColumn.create("label");
        for (String line : read("amazon-cells-labelled.txt").split("\n")) {
            if (line.isBlank()) continue;
            int tab = line.lastIndexOf('\t');
            text.append(line.substring(0, tab));
            label.append(Integer.parseInt(line.substring(tab + 1).trim()));
        }
        return Table.create("sentiment", text, label);
    }

    /**
     * Shakespeare's Coriolanus as it opens Karpathy's tiny-shakespeare (154,469 characters, about 27,700
     * words), for character-level language models.
     */
    public static String shakespeare() {
        return read("tinyshakespeare-excerpt.txt");
    }

    static String read(String name) {
        try (InputStream in = Csv.resource(name);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            var sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) sb.append(buf, 0, n);
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("bundled dataset '" + name + "' is missing from the class path", e);
        }
    }
}
