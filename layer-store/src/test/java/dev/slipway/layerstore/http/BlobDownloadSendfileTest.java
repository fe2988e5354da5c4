package dev.slipway.layerstore.http;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@link BlobDownloadTest} again with {@code layerstore.storage.copy-to-local-clients} off: the fast path's sendfile. */
@QuarkusTest
@TestProfile(BlobDownloadSendfileTest.Sendfile.class)
class BlobDownloadSendfileTest extends BlobDownloadTest {

    /** Every client gets {@code sendfile}, this host's included. */
    public static final class Sendfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("layerstore.storage.copy-to-local-clients", "false");
        }
    }
}
