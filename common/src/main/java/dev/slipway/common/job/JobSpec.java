package dev.slipway.common.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a job is asked to do: the kind-specific payload of a {@link JobRequest}. The JSON {@code kind} property
 * names the subtype with the {@link JobKind} constant.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BuildSpec.class, name = "BUILD"),
    @JsonSubTypes.Type(value = PullSpec.class, name = "PULL"),
    @JsonSubTypes.Type(value = PushSpec.class, name = "PUSH"),
    @JsonSubTypes.Type(value = RunSpec.class, name = "RUN"),
    @JsonSubTypes.Type(value = CommitSpec.class, name = "COMMIT")
})
public sealed interface JobSpec permits BuildSpec, PullSpec, PushSpec, RunSpec, CommitSpec {

    /** @return the kind of job this payload belongs to */
    @JsonIgnore
    JobKind kind();
}
