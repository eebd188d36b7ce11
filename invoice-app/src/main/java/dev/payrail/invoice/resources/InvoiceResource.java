package dev.payrail.invoice.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.invoice.api.AttemptJson;
import dev.payrail.invoice.api.InvoiceJson;
import dev.payrail.invoice.core.Invoice;
import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.db.InvoiceRepository;
import dev.payrail.invoice.payments.PaymentRuns;
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
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Invoices: the Antaeus API, plus filtering by status, keyset pages and each invoice's attempts. */
@Path("/rest/v1/invoices")
@Produces(MediaType.APPLICATION_JSON)
public final class InvoiceResource {
    static final int MAX_LIMIT = 10_000;

    private final InvoiceRepository repository;
    private final PaymentRuns runs;
    private final ObjectMapper mapper;

    public InvoiceResource(InvoiceRepository repository, PaymentRuns runs, ObjectMapper mapper) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * A bare array of invoices: all of them by default (streamed), or one page with {@code limit} (and
     * {@code after}, the last id of the previous page; a {@code Link: rel="next"} header points at the next page).
     */
    @GET
    public Response list(@QueryParam("status") String statusParam, @QueryParam("limit") String limitParam,
            @QueryParam("after") String afterParam, @Context UriInfo uri) {
        Optional<InvoiceStatus> status = Optional.ofNullable(statusParam).map(raw -> InvoiceStatus.parse(raw)
                .orElseThrow(() -> ApiException.invalid("status", "status must be one of "
                        + Arrays.toString(InvoiceStatus.values()) + ", was '" + Ids.abbreviate(raw) + "'")));
        long after = Ids.nonNegative("after", afterParam, 0);
        if (limitParam == null) {
            return Response.ok(Listing.all(mapper, from -> repository.invoices(status, Math.max(from, after),
                    Listing.PAGE), Invoice::id, InvoiceJson::of)).build();
        }
        int limit = Ids.limit(limitParam, MAX_LIMIT);
        List<InvoiceJson> page = repository.invoices(status, after, limit).stream().map(InvoiceJson::of).toList();
        Response.ResponseBuilder response = Response.ok(page);
        if (page.size() == limit) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("after", page.get(page.size() - 1).id())
                    .build(), "next");
        }
        return response.build();
    }

    @GET
    @Path("{id}")
    public InvoiceJson find(@PathParam("id") String id) {
        long invoiceId = Ids.positive("id", id);
        return repository.findInvoice(invoiceId).map(InvoiceJson::of).orElseThrow(() -> notFound(invoiceId));
    }

    /** Every charge attempt for the invoice, oldest first. */
    @GET
    @Path("{id}/attempts")
    public List<AttemptJson> attempts(@PathParam("id") String id) {
        long invoiceId = Ids.positive("id", id);
        if (repository.findInvoice(invoiceId).isEmpty()) {
            throw notFound(invoiceId);
        }
        return repository.attempts(invoiceId).stream().map(AttemptJson::of).toList();
    }

    /**
     * Antaeus' pay call: attempts every payable invoice once (after any run in progress here) and answers
     * {@code true} when all of them ended PAID.
     */
    @POST
    @Path("pay")
    public String pay() throws InterruptedException {
        PaymentRun run;
        try {
            run = runs.runToEnd();
        } catch (IllegalStateException shuttingDown) {
            throw new ApiException(503, "unavailable", "Service unavailable", shuttingDown.getMessage(), null);
        }
        if (run.state() == PaymentRun.State.FAILED) {
            throw new ApiException(503, "unavailable", "Service unavailable", "payment run " + run.id()
                    + " failed: " + run.failureReason(), null);
        }
        return Boolean.toString(run.allPaid());
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("invoice_not_found", "Invoice not found", "no invoice with id " + id);
    }
}
