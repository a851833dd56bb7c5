import AxeBuilder from '@axe-core/playwright';
import { callPath } from '../../lib/call-path';
import { logIn, test, expect, type AcsSender } from './fixtures';

const line = (text: string, offsetTicks: number) => ({
  kind: 'TranscriptionData',
  transcriptionData: { text, format: 'display', confidence: 0.9, offset: offsetTicks, duration: 10_000_000, words: [], participantRawID: '4:+34911000147', resultStatus: 'Final' },
});

/** A call in `locale` with one line; ended (its stream closed: a call known only from its stream ends with it) unless `keepLive`. */
async function call(acs: AcsSender, locale: string, text: string, keepLive = false) {
  const stream = await acs.open({ locale });
  await stream.send(line(text, 10_000_000));
  if (!keepLive) await stream.close();
  return stream;
}

test('filters the list to ended Spanish calls; the URL carries the filter and a reload keeps it', async ({ page, acs }) => {
  await logIn(page);
  const spanishEnded = [await call(acs, 'es-ES', 'Hola, tengo un problema con la factura.'), await call(acs, 'es-MX', 'Buenas tardes, quiero cancelar.')];
  const englishEnded = await call(acs, 'en-US', 'Hello, I have a billing question.');
  const spanishLive = await call(acs, 'es-ES', 'Sigo esperando.', true);
  const rowOf = (callId: string) => page.locator(`[data-testid="call-list.row"][data-call-id="${callId}"]`);
  await expect(rowOf(spanishLive.callId)).toBeVisible();
  await expect(rowOf(englishEnded.callId)).toBeVisible();

  // The filters open on request (and stay open while one is in use).
  await expect(page.getByTestId('call-list.filters')).toHaveCount(0);
  await page.getByTestId('call-list.filters-toggle').click();
  await expect(page.getByTestId('call-list.filters-toggle')).toHaveAttribute('aria-expanded', 'true');
  await page.getByTestId('call-list.state-ended').click();
  await page.getByTestId('call-list.language').selectOption('es');
  await expect(page).toHaveURL(/[?&]state=ended(&|$)/);
  await expect(page).toHaveURL(/[?&]language=es(&|$)/);
  const check = async () => {
    for (const ended of spanishEnded) await expect(rowOf(ended.callId)).toBeVisible();
    await expect(rowOf(englishEnded.callId)).toHaveCount(0);
    await expect(rowOf(spanishLive.callId)).toHaveCount(0);
    await expect(page.getByTestId('call-list.state-ended')).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByTestId('call-list.language')).toHaveValue('es');
  };
  await check();

  await page.reload();
  await check();
  // The open filters meet the same accessibility bar as the rest of the list.
  const serious = (await new AxeBuilder({ page }).include('[data-testid="call-list.filters"]').analyze()).violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

  // Back goes to the view before the language was chosen: ended calls in any language.
  await page.goBack();
  await expect(page).not.toHaveURL(/language=/);
  await expect(rowOf(englishEnded.callId)).toBeVisible();
  await expect(rowOf(spanishLive.callId)).toHaveCount(0);

  // Enter opens the focused call; the ended call's page is its record, alerts included.
  await page.goForward();
  await expect(page).toHaveURL(/language=es/);
  const first = rowOf(spanishEnded[1]?.callId ?? '');
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/calls/${spanishEnded[1]?.callId ?? ''}$`));
  await expect(page.getByTestId('transcript.text')).toHaveText(['Buenas tardes, quiero cancelar.']);
  // "cancelar" trips a default rule: the call's alert is part of its record.
  await expect(page.getByTestId('call-alerts.item')).toHaveCount(1);
  await expect(page.getByTestId('call-alerts.item')).toContainText('Buenas tardes, quiero cancelar.');
  await spanishLive.close();
});

test('the text box finds an ended call by a word said mid-call, not only by its last line', async ({ page, acs }) => {
  await logIn(page);
  const said = await acs.open({ locale: 'es-ES' });
  await said.send(line('Hola, buenos días.', 10_000_000));
  await said.send(line('Quiero un reembolso de mi pedido.', 30_000_000));
  await said.send(line('Gracias, adiós.', 50_000_000));
  await said.close();
  const other = await call(acs, 'es-ES', 'Otra consulta sobre la factura.');
  const rowOf = (callId: string) => page.locator(`[data-testid="call-list.row"][data-call-id="${callId}"]`);
  await expect(rowOf(said.callId)).toBeVisible();
  await expect(rowOf(other.callId)).toBeVisible();

  await page.getByTestId('call-list.filter').fill('REEMBOLSO');
  await expect(page).toHaveURL(/[?&]text=REEMBOLSO(&|$)/);
  await expect(rowOf(said.callId)).toBeVisible();
  await expect(rowOf(other.callId)).toHaveCount(0);
  // A phrase, quotes and all, as in the search box; text that is no search query just matches nothing here.
  await page.getByTestId('call-list.filter').fill('"reembolso de mi pedido"');
  await expect(rowOf(said.callId)).toBeVisible();
  await page.getByTestId('call-list.filter').fill('"');
  await expect(page).toHaveURL(/[?&]text=%22(&|$)/);
  await expect(rowOf(said.callId)).toHaveCount(0);
  await expect(rowOf(other.callId)).toHaveCount(0);
  await page.getByTestId('call-list.filter').fill('');
  await expect(rowOf(other.callId)).toBeVisible();
});

test('the text box finds a live call by a word said before its last line', async ({ page, acs }) => {
  await logIn(page);
  const live = await acs.open({ locale: 'es-ES' });
  await live.send(line('Necesito cambiar la dirección de envío.', 10_000_000));
  await live.send(line('Un momento, por favor.', 30_000_000));
  const rowOf = (callId: string) => page.locator(`[data-testid="call-list.row"][data-call-id="${callId}"]`);
  await expect(rowOf(live.callId)).toContainText('Un momento, por favor.');

  // "dirección" is not in the row (its last line is newer): the server's index answers for live calls too.
  await page.getByTestId('call-list.filter').fill('dirección');
  await expect(page).toHaveURL(/[?&]text=direcci%C3%B3n(&|$)/);
  await expect(rowOf(live.callId)).toBeVisible();
  await page.getByTestId('call-list.filter').fill('palabranuncadicha');
  await expect(rowOf(live.callId)).toHaveCount(0);
  // A word said while the filter is set: the call joins the list at the next refresh.
  await live.send(line('También quiero la palabranuncadicha, perdón, una factura.', 50_000_000));
  await live.send(line('Gracias.', 70_000_000));
  await expect(rowOf(live.callId)).toBeVisible();
  await live.close();
});

test('a call erased while its page is open says so, and leaves the list', async ({ page, acs }) => {
  await logIn(page);
  const ended = await call(acs, 'es-ES', 'Por favor, borren mis datos.');
  await expect(page.locator(`[data-testid="call-list.row"][data-call-id="${ended.callId}"]`)).toBeVisible();
  const list = await page.context().newPage();
  await list.goto('/?state=ended');
  await expect(list.locator(`[data-testid="call-list.row"][data-call-id="${ended.callId}"]`)).toBeVisible();
  await page.goto(callPath(ended.callId));
  await expect(page.getByTestId('transcript.text')).toHaveText(['Por favor, borren mis datos.']);

  const origin = new URL(page.url()).origin;
  const erased = await page.request.delete(`/api${callPath(ended.callId)}`, { headers: { origin }, data: { reason: 'e2e data-subject request' } });
  expect(erased.status()).toBe(200);
  await expect(page.getByTestId('call.erased')).toContainText('This call was erased');
  await expect(list.locator(`[data-testid="call-list.row"][data-call-id="${ended.callId}"]`)).toHaveCount(0);
  const audit = (await (await page.request.get('/api/erasures')).json()) as { data: { erasures: { callId: string; reason: string | null }[] } };
  expect(audit.data.erasures[0]).toMatchObject({ callId: ended.callId, reason: 'e2e data-subject request' });
  await list.close();
});
