package dev.payrail.provider.auth.jwt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified, keyed by the SHA-256 of the token (constant-size keys; no usable bearer token kept in
 * the heap), bounded in size. Only tokens with a valid signature get here, so an attacker cannot fill it; when it
 * is full, expired entries go first, then arbitrary ones (a dropped entry only costs one more verification).
 */
final class VerifiedTokenCache {

    /** What a hit must re-check: the expiry, and that the key which verified the token is still trusted. */
    record Entry(Instant expiresAt, String keyId, String keyThumbprint) {
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;

    VerifiedTokenCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    static ByteBuffer keyOf(String token) {
        return ByteBuffer.wrap(SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    Entry get(ByteBuffer key) {
        return entries.get(key);
    }

    void remove(ByteBuffer key) {
        entries.remove(key);
    }

    void put(ByteBuffer key, Entry entry, Instant now) {
        if (entries.size() >= maxEntries) {
            makeRoom(now);
        }
        entries.put(key, entry);
    }

    int size() {
        return entries.size();
    }

    private void makeRoom(Instant now) {
        entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
        Iterator<ByteBuffer> it = entries.keySet().iterator();
        // Free a tenth at once so a full cache does not rescan on every insert.
        int target = maxEntries - Math.max(1, maxEntries / 10);
        while (entries.size() > target && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
