package dev.slipway.worker.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: its escape character, the ARGs declared before the first FROM (usable in FROM lines),
 * and its build stages in order.
 *
 * @param escape the escape character from the {@code # escape=} directive ({@code \} by default)
 * @param globalArgs ARG instructions before the first FROM
 * @param stages the stages, at least one
 */
public record Dockerfile(char escape, List<Instruction.Arg> globalArgs, List<Stage> stages) {

    public Dockerfile {
        globalArgs = List.copyOf(globalArgs);
        stages = List.copyOf(stages);
    }

    /**
     * One build stage: a FROM and the instructions after it.
     *
     * @param index 0-based position in the Dockerfile (COPY --from=0 refers to it)
     * @param from the stage's FROM
     * @param instructions the instructions after FROM, up to the next FROM
     */
    public record Stage(int index, Instruction.From from, List<Instruction> instructions) {
        public Stage {
            instructions = List.copyOf(instructions);
        }

        /** The name given with {@code AS}, lower-cased. */
        public Optional<String> name() {
            return Optional.ofNullable(from.stageName());
        }
    }

    /**
     * The stage named {@code nameOrIndex} (case-insensitive) or at that index.
     */
    public Optional<Stage> stage(String nameOrIndex) {
        for (Stage s : stages) {
            if (s.name().filter(n -> n.equalsIgnoreCase(nameOrIndex)).isPresent()) {
                return Optional.of(s);
            }
        }
        if (nameOrIndex.matches("[0-9]{1,9}")) {
            int i = Integer.parseInt(nameOrIndex);
            if (i < stages.size()) {
                return Optional.of(stages.get(i));
            }
        }
        return Optional.empty();
    }
}
