package dev.payrail.invoice.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.invoice.api.CustomerJson;
import dev.payrail.invoice.core.Customer;
import dev.payrail.invoice.db.InvoiceRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/** Customers, as Antaeus served them. */
@Path("/rest/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
public final class CustomerResource {
    private final InvoiceRepository repository;
    private final ObjectMapper mapper;

    public CustomerResource(InvoiceRepository repository, ObjectMapper mapper) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** All customers, a bare array (streamed). */
    @GET
    public Response list() {
        return Response.ok(Listing.all(mapper, after -> repository.customers(after, Listing.PAGE), Customer::id,
                CustomerJson::of)).build();
    }

    @GET
    @Path("{id}")
    public CustomerJson find(@PathParam("id") String id) {
        long customerId = Ids.positive("id", id);
        return repository.findCustomer(customerId).map(CustomerJson::of).orElseThrow(() -> ApiException.notFound(
                "customer_not_found", "Customer not found", "no customer with id " + customerId));
    }
}
