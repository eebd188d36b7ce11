package dev.payrail.provider.bench;

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
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The benchmark's yardstick: the cheapest Jersey-on-Grizzly JSON endpoint, reading the same request body as
 * {@code POST /v1/charges} and answering a small JSON object, with no storage at all.
 * {@code java -cp payment-provider-server.jar:test-classes dev.payrail.provider.bench.BareJsonServer PORT}.
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
        ResourceConfig application = new ResourceConfig().register(JacksonFeature.class)
                .register(BareResource.class);
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://127.0.0.1:" + port + "/"), application, true);
        System.out.println("bare endpoint listening on 127.0.0.1:" + server.getListener("grizzly").getPort());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stopped.countDown();
        }));
        stopped.await();
    }
}
