/**
 * One Idempotency-Key per body: sending the same submission again after a lost answer lands once; another body is
 * another submission (the server refuses a key reused for a different body). `done()` after a success.
 */
export class SubmissionKeys {
  private body = '';
  private id = crypto.randomUUID();

  for(body: object): string {
    const text = JSON.stringify(body);
    if (text !== this.body) {
      this.body = text;
      this.id = crypto.randomUUID();
    }
    return this.id;
  }

  done(): void {
    this.body = '';
    this.id = crypto.randomUUID();
  }
}
