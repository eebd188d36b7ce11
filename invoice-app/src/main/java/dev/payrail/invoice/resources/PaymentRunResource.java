package dev.payrail.invoice.resources;

import dev.payrail.invoice.api.PaymentRunJson;
import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.payments.PaymentRuns;
import dev.payrail.invoice.payments.RunInProgressException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/** Payment runs: start one (at once, or waiting for its summary) and follow its progress. */
@Path("/rest/v1/payment-runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payment-runs")
public final class PaymentRunResource {
    private static final Pattern RUN_ID = Pattern.compile("run_[0-9a-f]{16}");

    private final PaymentRuns runs;
    private final Clock clock;

    public PaymentRunResource(PaymentRuns runs, Clock clock) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts a run: {@code 202} with the run at once, or with {@code ?wait=true} {@code 200} with its summary
     * when it is done (a FAILED run says why in {@code failureReason}). {@code 409 payment_run_in_progress} while
     * this process runs one; {@code 503 unavailable} when the run cannot even be stored (nothing was charged).
     */
    @POST
    @Operation(operationId = "startPaymentRun", summary = "Start a payment run",
            description = "Resolves the attempts of earlier runs whose outcome is unknown, then charges every "
                    + "payable invoice once. Answers `202` at once, or with `wait=true` `200` with the summary when "
                    + "the run is done; `Location` names the run either way. One run at a time per process.",
            security = @SecurityRequirement(name = OpenApi.ADMIN_TOKEN),
            responses = {
                @ApiResponse(responseCode = "202", description = "Started; follow it at `Location`",
                        headers = @Header(name = "Location", ref = OpenApi.LOCATION_HEADER),
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(implementation = PaymentRunJson.class))),
                @ApiResponse(responseCode = "200", description = "With `wait=true`: the run is done, and this is its "
                        + "summary",
                        headers = @Header(name = "Location", ref = OpenApi.LOCATION_HEADER),
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(implementation = PaymentRunJson.class))),
                @ApiResponse(responseCode = "400", ref = OpenApi.INVALID_REQUEST),
                @ApiResponse(responseCode = "409", ref = OpenApi.PAYMENT_RUN_IN_PROGRESS)
            })
    public Response start(
            @Parameter(description = "`true`: answer when the run is done, with its summary (`200`)",
                    schema = @Schema(type = "boolean", defaultValue = "false", example = "true"))
            @QueryParam("wait") String waitParam,
            @Context UriInfo uri) throws InterruptedException {
        boolean wait = parseWait(waitParam);
        PaymentRuns.Started started;
        try {
            started = runs.start();
        } catch (RunInProgressException e) {
            throw new ApiException(409, "payment_run_in_progress", "A payment run is in progress",
                    e.getMessage(), null);
        } catch (IllegalStateException shuttingDown) {
            throw new ApiException(503, "unavailable", "Service unavailable", shuttingDown.getMessage(), null);
        }
        var location = uri.getBaseUriBuilder().path(PaymentRunResource.class).path(started.run().id()).build();
        if (!wait) {
            return Response.accepted(PaymentRunJson.of(started.run(), clock.instant())).location(location).build();
        }
        try {
            PaymentRun finished = started.completion().get();
            return Response.ok(PaymentRunJson.of(finished, clock.instant())).location(location).build();
        } catch (ExecutionException e) {
            // PaymentRuns ends every stored run in a final state; this is a bug, and the run is FAILED in any case.
            throw new ApiException(503, "unavailable", "Service unavailable", "payment run " + started.run().id()
                    + " could not be followed: " + e.getCause(), null);
        }
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getPaymentRun", summary = "Get a payment run",
            description = "Its progress while it runs (live, from this process or the database), its summary "
                    + "once finished.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The run",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(implementation = PaymentRunJson.class))),
                @ApiResponse(responseCode = "400", ref = OpenApi.INVALID_REQUEST),
                @ApiResponse(responseCode = "404", ref = OpenApi.PAYMENT_RUN_NOT_FOUND)
            })
    public PaymentRunJson find(@Parameter(description = "The run id", schema = @Schema(type = "string",
            pattern = "^run_[0-9a-f]{16}$", minLength = 20, maxLength = 20, example = "run_3f0c9a1d2b4e5f60"))
            @PathParam("id") String id) {
        if (!RUN_ID.matcher(id).matches()) {
            throw ApiException.invalid("id", "id must look like run_ followed by 16 hex digits, was '"
                    + Ids.abbreviate(id) + "'");
        }
        return runs.find(id).map(run -> PaymentRunJson.of(run, clock.instant())).orElseThrow(() ->
                ApiException.notFound("payment_run_not_found", "Payment run not found", "no payment run " + id));
    }

    private static boolean parseWait(String raw) {
        if (raw == null || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true") || raw.isEmpty()) {
            return true;
        }
        throw ApiException.invalid("wait", "wait must be true or false, was '" + Ids.abbreviate(raw) + "'");
    }
}
