import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitiseMailHtml, stripQuotedReply } from './parse-mail.ts';
import { createRateLimiter } from './rate-limit.ts';

describe('reading a reply', () => {
  it('quoted history, the English and Latvian quote headers and the signature are cut', () => {
    assert.equal(
      stripQuotedReply(
        'Labi, darīsim.\n\nOn Tue, 24 Nov 2026 at 10:00, Pakalpe <p@x.lv> wrote:\n> Vecais teksts\n',
      ),
      'Labi, darīsim.',
    );
    assert.equal(
      stripQuotedReply(
        'Paldies!\n\n2026. gada 24. nov., plkst. 10:00 Pakalpe <p@x.lv> rakstīja:\n> Vecais teksts\n',
      ),
      'Paldies!',
    );
    assert.equal(stripQuotedReply('Teksts.\n\n-- \nInese Kalēja\nIestāde'), 'Teksts.');
  });

  it('HTML keeps formatting and loses scripts, handlers, styles, remote images and javascript: links', () => {
    const html =
      '<p style="color:red" onclick="x()">Sveiki <b>jūs</b></p><script>alert(1)</script>' +
      '<img src="https://tracker.example/p.gif"><img src="data:image/png;base64,AAAA" alt="a">' +
      '<a href="javascript:alert(1)">x</a><a href="https://vraa.gov.lv">VRAA</a><iframe src="https://x"></iframe>';
    assert.equal(
      sanitiseMailHtml(html),
      '<p>Sveiki <b>jūs</b></p><img src="data:image/png;base64,AAAA" alt="a" />' +
        '<a rel="noopener noreferrer nofollow" target="_blank">x</a>' +
        '<a href="https://vraa.gov.lv" rel="noopener noreferrer nofollow" target="_blank">VRAA</a>',
    );
  });
});

describe('the rate limit', () => {
  it('counts per key in a sliding hour and counts nothing for a refused message', () => {
    const limiter = createRateLimiter(2, 3_600_000);
    assert.equal(limiter.tryAcquire(['ip:1', 'from:a'], 0), true);
    assert.equal(limiter.tryAcquire(['ip:1', 'from:b'], 1_000), true);
    assert.equal(limiter.tryAcquire(['ip:1', 'from:c'], 2_000), false, 'the address is at its limit');
    assert.equal(limiter.tryAcquire(['ip:2', 'from:c'], 2_000), true, 'c was not counted when refused');
    assert.equal(limiter.tryAcquire(['ip:1', 'from:d'], 3_600_001), true, 'the first one left the window');
  });
});
