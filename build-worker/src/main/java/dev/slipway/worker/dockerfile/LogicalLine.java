package dev.slipway.worker.dockerfile;

import java.util.List;

/**
 * One instruction's text after comments are dropped and continuation lines are joined, with the heredoc
 * bodies read after it.
 *
 * @param line the 1-based physical line the instruction starts on
 * @param text the joined text, leading whitespace removed
 * @param heredocs the inline documents the line introduced, in order
 */
record LogicalLine(int line, String text, List<Instruction.Heredoc> heredocs) {
    LogicalLine {
        heredocs = List.copyOf(heredocs);
    }
}
