// Drives the typescript-fetch client generated from the provider's published OpenAPI document against a real
// provider, as another team would: every call and every problem goes through the generated types.
// Usage: node main.js <base-url> <token>
import {
  ChargesApi, CustomersApi, Configuration, ResponseError, ProblemFromJSON, Problem, Charge,
} from './generated';

const [base, token] = process.argv.slice(2);
const run = Date.now().toString(36);
const authorized = new Configuration({ basePath: base, accessToken: async () => token });
const charges = new ChargesApi(authorized);
const customers = new CustomersApi(authorized);

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error('typescript client: ' + what);
  }
  console.log('ok   ' + what);
}

async function problemOf(call: () => Promise<unknown>): Promise<Problem> {
  try {
    await call();
  } catch (e) {
    if (e instanceof ResponseError) {
      return ProblemFromJSON(await e.response.json());
    }
    throw e;
  }
  throw new Error('typescript client: expected a problem, the call succeeded');
}

async function main(): Promise<void> {
  const customerId = 'ts-' + run;
  const registered = await customers.registerCustomer({ id: customerId, customerRegistration: { currency: 'EUR' } });
  check(registered.id === customerId && registered.currency === 'EUR', 'register a customer (201)');

  const key = 'ts-key-' + run;
  const request = { customerId, invoiceId: 'inv-1', amount: 18404, currency: 'EUR' };
  const created = await charges.createChargeRaw({ idempotencyKey: key, chargeRequest: request });
  const charge: Charge = await created.value();
  check(created.raw.status === 201 && charge.id.startsWith('ch_'), 'charge (201 ' + charge.status + ')');
  check(charge.createdAt instanceof Date, 'createdAt read as a Date');

  const replay = await charges.createChargeRaw({ idempotencyKey: key, chargeRequest: request });
  check((await replay.value()).id === charge.id && replay.raw.headers.get('Idempotent-Replayed') === 'true',
    'replay with the same key answers the stored charge');

  const reused = await problemOf(() => charges.createCharge({ idempotencyKey: key,
    chargeRequest: { ...request, amount: 1 } }));
  check(reused.status === 409 && reused.code === 'idempotency_key_reused', 'conflicting key reuse: 409 ' + reused.code);

  check((await charges.getCharge({ id: charge.id })).id === charge.id, 'look up by id');
  check((await charges.findChargeByIdempotencyKey({ idempotencyKey: key })).id === charge.id, 'look up by key');

  const invalid = await problemOf(() => charges.createCharge({ idempotencyKey: 'ts-bad-' + run,
    chargeRequest: { ...request, amount: 0 } }));
  check(invalid.status === 400 && invalid.code === 'invalid_request' && invalid.field === 'amount',
    '400 invalid_request naming the field');
  const anonymous = new ChargesApi(new Configuration({ basePath: base }));
  const unauthorized = await problemOf(() => anonymous.getCharge({ id: charge.id }));
  check(unauthorized.status === 401 && unauthorized.code === 'unauthorized', '401 unauthorized');
  const noCharge = await problemOf(() => charges.getCharge({ id: 'ch_0000000000000000' }));
  check(noCharge.status === 404 && noCharge.code === 'charge_not_found', '404 charge_not_found');
  const noKey = await problemOf(() => charges.findChargeByIdempotencyKey({ idempotencyKey: 'never-' + run }));
  check(noKey.status === 404 && noKey.code === 'charge_not_found', '404 charge_not_found by key');
  const noCustomer = await problemOf(() => customers.getCustomer({ id: 'nobody-' + run }));
  check(noCustomer.status === 404 && noCustomer.code === 'customer_not_found', '404 customer_not_found');
  const mismatch = await problemOf(() => charges.createCharge({ idempotencyKey: 'ts-usd-' + run,
    chargeRequest: { ...request, currency: 'USD' } }));
  check(mismatch.status === 422 && mismatch.code === 'currency_mismatch', '422 currency_mismatch');
  const reRegistered = await problemOf(() => customers.registerCustomer({ id: customerId,
    customerRegistration: { currency: 'USD' } }));
  check(reRegistered.status === 422 && reRegistered.code === 'currency_mismatch', '422 on re-registration');
  const tooLarge = await problemOf(() => charges.createCharge({ idempotencyKey: 'ts-big-' + run,
    chargeRequest: { ...request, invoiceId: 'x'.repeat(70_000) } }));
  check(tooLarge.status === 413 && tooLarge.code === 'payload_too_large', '413 payload_too_large');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
