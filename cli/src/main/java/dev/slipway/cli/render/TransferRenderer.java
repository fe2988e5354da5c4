package dev.slipway.cli.render;

import dev.slipway.cli.format.Units;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.Progress;
import dev.slipway.common.job.Warning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per-layer progress of a pull or push, as docker shows it ({@code b7de3133ff98: Pulling fs layer},
 * {@code b7de3133ff98: Downloading [=====>    ]  12.1MB/30.4MB}, {@code b7de3133ff98: Pull complete}). On a terminal
 * each layer keeps one line, redrawn in place; piped, a line is printed each time a layer's status changes (byte
 * counts alone do not make a new line). A progress event with an empty id is a message of its own line.
 */
public final class TransferRenderer implements Consumer<JobEvent> {

    private static final int BAR_WIDTH = 50;

    private final Terminal terminal;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, String> statuses = new HashMap<>();

    /** @param terminal where to print */
    public TransferRenderer(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void accept(JobEvent event) {
        if (event instanceof Progress progress) {
            progress(progress);
        } else if (event instanceof Warning warning) {
            terminal.err().println("WARNING: " + warning.message());
            terminal.err().flush();
        }
    }

    /** @return whether every layer seen ended as {@code Already exists} (nothing was transferred) */
    public boolean nothingTransferred() {
        return !statuses.isEmpty() && statuses.values().stream().allMatch("Already exists"::equals);
    }

    private void progress(Progress p) {
        if (p.id().isEmpty()) {
            terminal.out().println(p.status());
            ids.clear();
        } else if (terminal.tty()) {
            redraw(p);
        } else if (!p.status().equals(statuses.get(p.id()))) {
            terminal.out().println(p.id() + ": " + p.status());
        }
        if (!p.id().isEmpty()) {
            statuses.put(p.id(), p.status());
        }
        terminal.out().flush();
    }

    /** Moves the cursor up to the layer's line, rewrites it, and comes back (what docker's jsonmessage does). */
    private void redraw(Progress p) {
        String line = p.id() + ": " + p.status() + bar(p);
        int index = ids.indexOf(p.id());
        if (index < 0) {
            ids.add(p.id());
            terminal.out().println(line);
            return;
        }
        int up = ids.size() - index;
        terminal.out().print("\u001b[" + up + "A\u001b[2K\r" + line + "\u001b[" + up + "B\r");
    }

    /** @return docker's {@code [====>     ]  12.1MB/30.4MB}, or nothing without a known total */
    static String bar(Progress p) {
        if (p.total() <= 0) {
            return p.current() > 0 ? " " + Units.humanSize(p.current()) : "";
        }
        int filled = (int) Math.min(BAR_WIDTH, p.current() * 100 / p.total() / 2);
        String box = "[" + "=".repeat(filled) + ">" + " ".repeat(BAR_WIDTH - filled) + "] ";
        return " " + box + String.format("%8s/%s", Units.humanSize(p.current()), Units.humanSize(p.total()));
    }
}
