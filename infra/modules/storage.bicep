// The one storage account of ImageSearch: Functions host storage, the Flex Consumption deployment package, the app's
// tables (sessions, catalog), its blob containers (catalog images, per-session "s-<hash>" containers, model files).
// Shared keys are off: every caller (the app, the host, the deployment) authenticates with Entra ID.

@description('Storage account name: 3-24 lower-case letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

param location string

param tags object

@description('Table of sessions (Storage__SessionsTable).')
param sessionsTable string

@description('Table of catalog entries (Storage__CatalogTable).')
param catalogTable string

@description('Table of the embedding cache (Storage__EmbeddingCacheTable).')
param embeddingsTable string

@description('Container of catalog images (Storage__CatalogContainer).')
param catalogContainer string

@description('Container the real-model tier downloads its ONNX files from (Models__BlobContainer).')
param modelsContainer string

@description('Container Flex Consumption deploys the app package to.')
param deploymentContainer string

@description('Days after its last change that a blob in a session container is deleted (backstop for the cleanup timer).')
@minValue(1)
param sessionBlobRetentionDays int

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in [catalogContainer, modelsContainer, deploymentContainer]: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for table in [sessionsTable, catalogTable, embeddingsTable]: {
    parent: tableService
    name: table
  }
]

// Session containers are named "s-" + the first 48 hex digits of the session's SHA-256 storage key
// (SessionId.ContainerName). A lifecycle prefixMatch is matched as a plain string against "container/blob", so a
// prefix without "/" also matches every container whose name starts with it. "s-" alone would do, but the docs say a
// prefix "must start with a container name" and container names have at least 3 characters, so the rules spell out
// the 16 possible 3-character starts "s-0" .. "s-f" (at most 10 prefixes per rule: two rules). No other container
// of this account starts with "s-". The policy deletes blobs only; empty containers stay until the cleanup timer
// removes them (an empty container costs nothing).
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-stale-session-blobs-0-7'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['s-0', 's-1', 's-2', 's-3', 's-4', 's-5', 's-6', 's-7']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: sessionBlobRetentionDays
                }
              }
            }
          }
        }
        {
          name: 'delete-stale-session-blobs-8-f'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['s-8', 's-9', 's-a', 's-b', 's-c', 's-d', 's-e', 's-f']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: sessionBlobRetentionDays
                }
              }
            }
          }
        }
        {
          // The web image cache (Storage__WebCacheContainer): entries are reused for 7 days (WebCache__TtlHours), then refetched.
          name: 'delete-old-web-cache'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['webcache/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: 7
                }
              }
            }
          }
        }
      ]
    }
  }
}
