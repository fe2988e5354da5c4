package dev.slipway.cli.format;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A column table laid out as docker's formatter does with Go's {@code tabwriter} (minimum cell width 10, padding
 * 3, space padding): every column but the last is padded to its widest cell plus 3; the last is not padded.
 */
public final class Table {

    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** @param header the column titles, e.g. {@code REPOSITORY}, {@code TAG} */
    public Table(String... header) {
        this.columns = header.length;
        rows.add(header.clone());
    }

    /**
     * @param cells one value per column
     * @return this table
     * @throws IllegalArgumentException if the number of cells differs from the header's
     */
    public Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns);
        }
        rows.add(cells.clone());
        return this;
    }

    /** @param out where to print the header and rows, one line each */
    public void print(PrintWriter out) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns - 1; c++) {
                widths[c] = Math.max(widths[c], Math.max(MIN_WIDTH, width(row[c]) + PADDING));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(row[c]);
                if (c < columns - 1) {
                    line.append(" ".repeat(widths[c] - width(row[c])));
                }
            }
            out.println(line);
        }
        out.flush();
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
