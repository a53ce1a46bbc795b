/** RSS 2.0 and JSON Feed 1.1 of an area's announcements (ADR 0086), for the WeChat official account's tooling. */
type FeedItem = { id: string; orgName: string; category: string; title: string; body: string; publishedAt: string; updatedAt: string };
type Feed = { org: { code: string; name: string }; items: FeedItem[]; lastModified: Date };

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)
  // Characters XML 1.0 does not allow.
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
const pageOf = (base: string, id: string) => `${base}/public/announcements/${encodeURIComponent(id)}`;
const listOf = (base: string, code: string) => `${base}/public/announcements?org=${code}`;
const summary = (body: string) => body.replace(/[#*_`>]/g, '').replace(/\s+/g, ' ').trim().slice(0, 140);

export function rss(f: Feed, base: string, names: Record<string, readonly [string, string]>): string {
  const items = f.items.map((i) => [
    '<item>', `<title>${xml(i.title)}</title>`, `<link>${xml(pageOf(base, i.id))}</link>`, `<guid isPermaLink="false">${xml(i.id)}</guid>`,
    `<category>${xml(names[i.category]?.[0] ?? i.category)}</category>`, `<pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate>`,
    `<description>${xml(summary(i.body))}</description>`, `<author>${xml(i.orgName)}</author>`, '</item>',
  ].join(''));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0"><channel>', `<title>${xml(`${f.org.name} 公告`)}</title>`, `<link>${xml(listOf(base, f.org.code))}</link>`,
    `<description>${xml(`${f.org.name}的通知公告、防疫政策、科普和新闻`)}</description>`, '<language>zh-CN</language>', `<lastBuildDate>${f.lastModified.toUTCString()}</lastBuildDate>`,
    ...items, '</channel></rss>',
  ].join('\n');
}

export function jsonFeed(f: Feed, base: string, names: Record<string, readonly [string, string]>) {
  return {
    version: 'https://jsonfeed.org/version/1.1', title: `${f.org.name} 公告`, home_page_url: listOf(base, f.org.code),
    feed_url: `${base}/api/public/feeds/${f.org.code}/feed.json`, language: 'zh-CN',
    items: f.items.map((i) => ({
      id: i.id, url: pageOf(base, i.id), title: i.title, content_text: i.body, summary: summary(i.body), date_published: i.publishedAt, date_modified: i.updatedAt,
      tags: [names[i.category]?.[0] ?? i.category], authors: [{ name: i.orgName }],
    })),
  };
}
