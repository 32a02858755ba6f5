import {
  MINIAPP_ID,
  MINIAPP_KEY,
  NEW_MEDIA_KEY,
  SUPERVISION_TOKEN,
  type HttpJsonSource,
} from './http-json-sources';

/**
 * Instance configs of the three http_json sources, as an operator would write them; shared by the connector's
 * specs and the channel e2e test. `endpoint` is the simulator's URL for a source.
 */
type Endpoint = (source: HttpJsonSource) => string;

const MINIAPP_TYPES = {
  投诉: 'complaint',
  求助: 'help',
  咨询: 'consult',
  建议: 'suggestion',
  表扬: 'praise',
};

export function supervisionConfig(endpoint: Endpoint): Record<string, unknown> {
  return {
    channel: 'gov_supervision',
    url: endpoint('supervision'),
    auth: { kind: 'bearer', token: SUPERVISION_TOKEN },
    paging: { style: 'page', pageParam: 'pageNum', sizeParam: 'pageSize', size: 5, startAt: 1 },
    recordsPath: 'data.list',
    incremental: { param: 'updatedSince', fromPath: 'updateTime', format: 'shanghai' },
    mapping: {
      externalId: 'caseNo',
      title: 'caseTitle',
      content: 'problemDesc',
      submittedAt: { path: 'reportTime', format: 'shanghai' },
      appealType: {
        path: 'problemType',
        values: {
          拖欠企业账款: 'complaint',
          企业和群众办事难: 'complaint',
          涉企检查: 'complaint',
          惠民政策落实: 'help',
        },
      },
      address: 'involvedArea',
      adcode: 'areaCode',
      name: 'reporter.name',
      phone: 'reporter.phone',
      sourceTypeLabel: 'problemType',
      sourceDomainLabel: 'transferDept',
      externalUrl: 'https://ducha.example.gov.cn/case/{id}',
      status: 'handlingStatus',
      reply: 'replyContent',
    },
  };
}

export function newMediaConfig(endpoint: Endpoint): Record<string, unknown> {
  return {
    channel: 'new_media',
    url: endpoint('newMedia'),
    auth: { kind: 'query', name: 'access_token', value: NEW_MEDIA_KEY },
    paging: { style: 'cursor', cursorParam: 'cursor', nextCursorPath: 'next_cursor' },
    recordsPath: 'items',
    incremental: { param: 'since', fromPath: 'updated_ms', format: 'epoch_ms' },
    mapping: {
      externalId: 'comment_id',
      title: 'post.title',
      content: 'text',
      submittedAt: { path: 'created_at', format: 'epoch_s' },
      name: 'author_nick',
      sourceTypeLabel: 'platform',
      sourceDomainLabel: 'tag',
      externalUrl: 'post.url',
      publicVisible: true,
    },
  };
}

export function miniappConfig(endpoint: Endpoint): Record<string, unknown> {
  return {
    channel: 'miniapp',
    url: endpoint('miniapp'),
    method: 'POST',
    body: { appId: MINIAPP_ID, limit: 3 },
    auth: { kind: 'header', name: 'X-App-Key', value: MINIAPP_KEY },
    paging: { style: 'lastId', lastIdParam: 'lastId', idPath: 'id' },
    recordsPath: 'result.rows',
    mapping: {
      externalId: 'id',
      title: 'title',
      content: ['detail', 'images[0]'],
      submittedAt: { path: 'submitTime', format: 'iso' },
      appealType: { path: 'category', values: MINIAPP_TYPES },
      address: 'address',
      lat: 'location.lat',
      lng: 'location.lng',
      crs: 'gcj02',
      phone: 'contactPhone',
      name: 'contactName',
      sourceTypeLabel: 'category',
      externalUrl: 'https://mp.fy12345.example.cn/s/{id}?t={category}',
      status: 'status',
      reply: 'reply.content',
    },
  };
}
