package dev.slipway.layerstore.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the contract against the filesystem backend, plus what is specific to its layout. */
class FileSystemBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path root;

    @Override
    protected BlobStore newStore() {
        return new FileSystemBlobStore(root, false);
    }

    @Test
    void blobsLiveUnderAlgorithmAndTwoHexPrefix() throws IOException {
        byte[] content = random(1_234, 11);
        Digest digest = Digest.sha256(content);

        store.ingest(new ByteArrayInputStream(content), digest);

        Path expected = root.resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
        assertThat(expected).isRegularFile().hasBinaryContent(content);
        assertThat(store.localFile(digest)).contains(expected.toAbsolutePath());
    }

    @Test
    void writesLeftInTmpByACrashAreRemovedAtStartup() throws IOException {
        Path leftover = Files.writeString(root.resolve("tmp").resolve("ingest-123.part"), "half a blob");

        new FileSystemBlobStore(root, false);

        assertThat(leftover).doesNotExist();
    }
}
