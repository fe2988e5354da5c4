package dev.slipway.sync.upstream;

import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import java.util.Locale;

/**
 * Where an upstream image lives in the layer-store. Docker Hub images keep their Hub path ({@code library/centos},
 * {@code training/sinatra}), so {@code docker images} shows {@code centos} and {@code training/sinatra}; images of
 * other registries go under {@code host/path}, with a port's colon written as {@code _}
 * ({@code quay.io/coreos/etcd}, {@code 127.0.0.1_5001/team/app}) because repository names cannot contain a colon.
 */
public final class LocalNames {

    private LocalNames() { }

    /** The layer-store repository for an upstream image. */
    public static RepositoryName repository(ImageReference image) {
        if (image.isDockerHub()) {
            return image.repository();
        }
        String host = image.registry().toLowerCase(Locale.ROOT).replace(':', '_');
        return RepositoryName.parse(host + "/" + image.repository().value());
    }
}
