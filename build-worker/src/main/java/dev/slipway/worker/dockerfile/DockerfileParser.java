package dev.slipway.worker.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses Dockerfile text into a {@link Dockerfile}: directives, comments, continuations, heredocs, every
 * instruction with its flags, and the split into global ARGs and stages. Nothing is expanded or executed
 * here, so a malformed Dockerfile fails before any build step runs. Stateless and thread-safe.
 */
public final class DockerfileParser {

    private DockerfileParser() {
    }

    /**
     * @param file the Dockerfile's name as the user gave it (used in error messages, e.g. {@code Dockerfile})
     * @param content the text
     * @throws DockerfileException with the line and the reason
     */
    public static Dockerfile parse(String file, String content) throws DockerfileException {
        LineReader.Result lines = LineReader.read(file, content);
        InstructionParser parser = new InstructionParser(lines.escape());
        List<Instruction.Arg> globalArgs = new ArrayList<>();
        List<Dockerfile.Stage> stages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Instruction.From from = null;
        List<Instruction> body = new ArrayList<>();
        for (LogicalLine l : lines.lines()) {
            Instruction i;
            try {
                i = parser.parse(l);
            } catch (IllegalArgumentException e) {
                throw new DockerfileException(file, l.line(), e.getMessage());
            }
            if (i instanceof Instruction.From f) {
                if (from != null) {
                    stages.add(new Dockerfile.Stage(stages.size(), from, body));
                }
                if (f.stageName() != null && !names.add(f.stageName())) {
                    throw new DockerfileException(file, l.line(), "duplicate stage name \"" + f.stageName() + "\"");
                }
                from = f;
                body = new ArrayList<>();
            } else if (from != null) {
                body.add(i);
            } else if (i instanceof Instruction.Arg a) {
                globalArgs.add(a);
            } else {
                throw new DockerfileException(file, l.line(),
                        "no build stage in current context: " + i.keyword() + " before the first FROM");
            }
        }
        if (from == null) {
            throw new DockerfileException(file, 0, globalArgs.isEmpty() ? "file with no instructions"
                    : "no FROM instruction: a Dockerfile needs at least one build stage");
        }
        stages.add(new Dockerfile.Stage(stages.size(), from, body));
        return new Dockerfile(lines.escape(), globalArgs, stages);
    }
}
