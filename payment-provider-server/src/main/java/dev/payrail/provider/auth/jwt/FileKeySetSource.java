package dev.payrail.provider.auth.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWK Set file, re-read when its content changes. The file is looked at no more than once per recheck interval
 * (a few microseconds for a small file), so a rotated Kubernetes Secret or a rewritten file takes effect within
 * that interval, and a key removed from the file stops being trusted, cached verifications included.
 *
 * <p>A file that cannot be read or parsed after start-up (a half-written file, a Secret being swapped) leaves the
 * previous keys in place and logs a warning; at start-up it is a configuration error.
 */
final class FileKeySetSource implements KeySetSource {

    private static final Logger LOG = LoggerFactory.getLogger(FileKeySetSource.class);
    static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofSeconds(1);
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Path file;
    private final Clock clock;
    private final long recheckMillis;
    private final Object lock = new Object();
    private volatile KeySnapshot snapshot;
    private volatile long nextCheckAtMillis;
    private byte[] lastContent; // guarded by lock

    FileKeySetSource(Path file, Clock clock, Duration recheckInterval) {
        this.file = file;
        this.clock = clock;
        this.recheckMillis = recheckInterval.toMillis();
        try {
            this.lastContent = read();
            this.snapshot = parse(lastContent);
        } catch (IOException | ParseException e) {
            throw new AuthConfigException("AUTH_JWKS=" + file + " is not a readable JWK Set: " + oneLine(e));
        }
        if (snapshot.size() == 0) {
            throw new AuthConfigException("AUTH_JWKS=" + file + " holds no signature key with a kid");
        }
        this.nextCheckAtMillis = clock.millis() + recheckMillis;
        LOG.info("Trusting {} JWT signing key(s) from {}: kid {}", snapshot.size(), file, snapshot.keyIds());
    }

    @Override
    public KeySnapshot current() {
        long now = clock.millis();
        if (now >= nextCheckAtMillis) {
            recheck(now);
        }
        return snapshot;
    }

    @Override
    public KeySnapshot refreshForUnknownKid(KeySnapshot stale) {
        // The recheck interval already bounds how often the file is read; nothing more to do for unknown kids.
        return current();
    }

    private void recheck(long now) {
        synchronized (lock) {
            if (now < nextCheckAtMillis) {
                return;
            }
            nextCheckAtMillis = now + recheckMillis;
            try {
                byte[] content = read();
                if (Arrays.equals(content, lastContent)) {
                    return;
                }
                KeySnapshot next = parse(content);
                lastContent = content;
                snapshot = next;
                LOG.info("JWK Set {} changed: now trusting {} key(s): kid {}", file, next.size(), next.keyIds());
            } catch (IOException | ParseException e) {
                LOG.warn("JWK Set {} could not be reloaded ({}); still trusting the previous {} key(s): kid {}",
                        file, oneLine(e), snapshot.size(), snapshot.keyIds());
            }
        }
    }

    private byte[] read() throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException("file is " + size + " bytes, more than the " + MAX_FILE_BYTES + " allowed");
        }
        return Files.readAllBytes(file);
    }

    private KeySnapshot parse(byte[] content) throws ParseException {
        JWKSet set = JWKSet.parse(new String(content, StandardCharsets.UTF_8));
        if (set.getKeys().stream().anyMatch(JWK::isPrivate)) {
            LOG.warn("JWK Set {} holds private key material; only public keys belong there (private parts are ignored)",
                    file);
        }
        return KeySnapshot.of(set);
    }

    static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("[\\r\\n]+", " ");
    }
}
