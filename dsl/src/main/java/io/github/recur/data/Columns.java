package io.github.recur.data;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Checked access to numeric table columns: every failure names the column and says what to do. */
final class Columns {
    private Columns() {}

    static void requireRows(Table table) {
        if (table == null) throw new IllegalArgumentException("table is null; load one with Csv.load(...) or Datasets.*()");
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("table '" + table.name() + "' is empty (0 rows, columns " + table.columnNames()
                    + "); check the file or the filter that produced it");
        }
    }

    static Column<?> column(Table table, String name) {
        if (name == null || !table.containsColumn(name)) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no column '" + name + "'; its columns are "
                    + table.columnNames());
        }
        return table.column(name);
    }

    /** The column's values as doubles, refusing non-numeric columns and missing values. */
    static double[] numeric(Table table, String name) {
        Column<?> c = column(table, name);
        if (!(c instanceof NumericColumn)) {
            throw new IllegalArgumentException("column '" + name + "' is " + c.type().name() + ", not numeric; use numeric columns "
                    + numericNames(table) + " (encode categories or parse numbers first)");
        }
        NumericColumn<?> n = (NumericColumn<?>) c;
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            if (n.isMissing(i)) {
                throw new IllegalArgumentException("column '" + name + "' has a missing value at row " + i + " ("
                        + n.countMissing() + " missing in all); fill them (e.g. column.fillWith(...)) or drop those rows "
                        + "(table.dropRowsWithMissingValues()) before windowing");
            }
            v[i] = n.getDouble(i);
            if (Double.isInfinite(v[i])) {
                throw new IllegalArgumentException("column '" + name + "' has the value " + v[i] + " at row " + i
                        + "; a network cannot learn from infinities: replace or drop that row first");
            }
        }
        return v;
    }

    /** Columns as a matrix {@code [row][column]}. */
    static double[][] matrix(Table table, List<String> names) {
        double[][] cols = new double[names.size()][];
        for (int j = 0; j < cols.length; j++) cols[j] = numeric(table, names.get(j));
        int n = table.rowCount();
        double[][] m = new double[n][names.size()];
        for (int i = 0; i < n; i++) for (int j = 0; j < cols.length; j++) m[i][j] = cols[j][i];
        return m;
    }

    static List<String> numericNames(Table table) {
        List<String> out = new ArrayList<>();
        for (Column<?> c : table.columns()) if (c instanceof NumericColumn && c.type() != ColumnType.BOOLEAN) out.add(c.name());
        return out;
    }
}
