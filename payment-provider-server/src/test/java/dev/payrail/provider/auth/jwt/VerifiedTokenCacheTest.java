package dev.payrail.provider.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    private final Instant now = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void staysWithinItsBoundDroppingExpiredEntriesFirst() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100);
        for (int i = 0; i < 50; i++) {
            cache.put(VerifiedTokenCache.keyOf("expired-" + i), entry(now.minusSeconds(1)), now);
        }
        for (int i = 0; i < 50; i++) {
            cache.put(VerifiedTokenCache.keyOf("live-" + i), entry(now.plusSeconds(60)), now);
        }
        cache.put(VerifiedTokenCache.keyOf("one-more"), entry(now.plusSeconds(60)), now);

        assertThat(cache.size()).isEqualTo(51);
        assertThat(cache.get(VerifiedTokenCache.keyOf("live-7"))).isNotNull();
        assertThat(cache.get(VerifiedTokenCache.keyOf("expired-7"))).isNull();

        for (int i = 0; i < 1_000; i++) {
            cache.put(VerifiedTokenCache.keyOf("flood-" + i), entry(now.plusSeconds(60)), now);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void keysAreTheDigestOfTheWholeToken() {
        assertThat(VerifiedTokenCache.keyOf("a.b.c")).isEqualTo(VerifiedTokenCache.keyOf("a.b.c"));
        assertThat(VerifiedTokenCache.keyOf("a.b.c")).isNotEqualTo(VerifiedTokenCache.keyOf("a.b.d"));
    }

    private static VerifiedTokenCache.Entry entry(Instant expiresAt) {
        return new VerifiedTokenCache.Entry(expiresAt, "k1", "thumbprint");
    }
}
