package dev.slipway.layerstore.blob;

import dev.slipway.common.oci.Digest;
import java.io.FileNotFoundException;

/** No blob with that digest is stored. */
public class BlobNotFoundException extends FileNotFoundException {

    /** @param digest the missing blob */
    public BlobNotFoundException(Digest digest) {
        super("blob " + digest + " is not stored");
    }
}
