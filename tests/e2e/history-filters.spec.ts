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
