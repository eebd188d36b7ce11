package dev.payrail.provider;

import dev.payrail.payment.api.ChargeRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The benchmark's yardstick: the cheapest Jersey-on-Grizzly JSON endpoint, reading the same request body as
 * {@code POST /v1/charges} and answering a small JSON object, with no storage at all. It gets the provider's own
 * Jersey and Grizzly settings (one resource instance, no WADL, no auto-discovery, the same worker pool), so the
 * ratio between the two measures what storage and the payment rules cost, not a difference in configuration.
 * {@code java -cp payment-provider-server.jar:test-classes dev.payrail.provider.BareJsonServer PORT}.
 */
public final class BareJsonServer {
    private BareJsonServer() {
    }

    /** The endpoint. */
    @Path("/bare")
    public static final class BareResource {
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Response echo(ChargeRequest request) {
            return Response.status(201).entity(Map.of("invoiceId", request.invoiceId(), "amount", request.amount()))
                    .build();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        ResourceConfig application = ProviderApplication.withLeanJersey(new ResourceConfig())
                .register(new BareResource());
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://127.0.0.1:" + port + "/"), application, false);
        ExecutorService requestThreads = PaymentProviderServer.requestThreads();
        PaymentProviderServer.useRequestThreads(server, requestThreads);
        server.start();
        System.out.println("bare endpoint listening on 127.0.0.1:" + server.getListener("grizzly").getPort());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            requestThreads.shutdownNow();
            stopped.countDown();
        }));
        stopped.await();
    }
}
