package dev.airlock.oci.mirror;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A TLS client certificate from {@code client = "cert.pem"} or {@code client = [["cert", "key"]]};
 * without a key file the certificate file holds the key too.
 */
public record ClientCertificate(Path certificate, Optional<Path> key) {}
