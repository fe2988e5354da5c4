package dev.slipway.layerstore.manifest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code manifests}: the exact bytes a client pushed to a repository, and what was learnt from them. */
@Entity
@Table(name = "manifests")
public class ManifestEntity extends PanacheEntityBase {

    /** Surrogate key. */
    @Id
    public Long id;

    /** Repository name. */
    public String repository;

    /** Digest of {@link #content}. */
    public String digest;

    /** Media type served as {@code Content-Type}. */
    @Column(name = "media_type")
    public String mediaType;

    /** Artifact type as listed by the referrers API, if any. */
    @Column(name = "artifact_type")
    public String artifactType;

    /** Digest of the manifest's {@code subject}, if any. */
    public String subject;

    /** The manifest's annotations as a JSON object, if any. */
    public String annotations;

    /** Length of {@link #content}. */
    public long size;

    /** The exact bytes received. */
    public byte[] content;

    /** Digest of the image config (image manifests). */
    @Column(name = "config_digest")
    public String configDigest;

    /** Creation time from the image config, when known. */
    public Instant created;

    /** Sum of layer sizes (image manifests). */
    @Column(name = "layers_size")
    public Long layersSize;

    /** Whether {@link #layersSize} counts uncompressed layers (true) or compressed ones (false). */
    @Column(name = "layers_size_uncompressed")
    public boolean layersSizeUncompressed;

    /** When it was pushed. */
    @Column(name = "pushed_at")
    public Instant pushedAt;
}
