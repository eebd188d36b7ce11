package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.JsonArbitraries;
import dev.payrail.provider.support.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Arbitrary bodies against the real server: never a 500, and never a stored charge unless the answer was 201. */
class ChargeEndpointProperties {
    private static final AtomicInteger KEYS = new AtomicInteger();
    private static Path dataDir;
    private static PaymentProviderServer server;
    private static Http http;

    @BeforeContainer
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("provider-properties");
        server = Providers.sqlite(dataDir);
        // Arbitrary bodies break the contract on purpose; each answer is still judged against the document.
        http = new Http(server.baseUri()).sendingInvalidRequests();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Property(tries = 150)
    void arbitraryStringNeverYields500NorAStoredCharge(@ForAll("anyString") String body) {
        assertAnsweredWithoutServerError(body);
    }

    @Property(tries = 150)
    void chargeLikeOrDamagedJsonNeverYields500NorAStrayCharge(@ForAll("chargeLikeOrDamaged") String body) {
        assertAnsweredWithoutServerError(body);
    }

    @Provide
    Arbitrary<String> anyString() {
        return JsonArbitraries.anyString();
    }

    @Provide
    Arbitrary<String> chargeLikeOrDamaged() {
        return net.jqwik.api.Arbitraries.oneOf(JsonArbitraries.chargeLikeObjects(), JsonArbitraries.damagedObjects());
    }

    private static void assertAnsweredWithoutServerError(String body) {
        String key = "prop-" + KEYS.incrementAndGet();

        Reply reply = http.postCharge(key, body);

        assertThat(reply.status()).as(reply.toString()).isIn(201, 400, 422);
        assertThat(reply.header("Request-Id")).isNotNull();
        int lookup = http.get("/v1/charges?idempotencyKey=" + key).status();
        assertThat(lookup).as("charge stored for " + body + " answered " + reply.status())
                .isEqualTo(reply.status() == 201 ? 200 : 404);
    }
}
