package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.slipway.common.oci.ImageReference;
import java.util.List;
import java.util.Map;

/**
 * {@code docker run}: run a command in a new container of an image; the container id is reported in the job's
 * events and result.
 *
 * @param image the image
 * @param cmd the command; empty means the image's default
 * @param env extra environment variables
 * @param workdir working directory, or {@code null} for the image's
 * @param user user, or {@code null} for the image's
 */
public record RunSpec(ImageReference image, List<String> cmd, Map<String, String> env, String workdir, String user)
        implements JobSpec {

    /** @throws IllegalArgumentException if the image is missing */
    public RunSpec {
        if (image == null) {
            throw new IllegalArgumentException("run image is missing");
        }
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    @JsonIgnore
    @Override
    public JobKind kind() {
        return JobKind.RUN;
    }
}
