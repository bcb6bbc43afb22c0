// The API: a .NET 10 isolated-worker Function App on the Flex Consumption plan (FC1, Linux; .NET 10 does not run on
// Linux Consumption), with a system-assigned identity that reaches storage and Application Insights through Entra ID.
//
// App settings: every setting the code reads is listed here by its exact name, with the same names as
// local.settings.sample.json (ImageSearch.Tests/Infra/AppSettingsConsistencyTests checks both against the options
// classes). Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION as app settings: the
// runtime lives in functionAppConfig.runtime below.

param name string

param planName string

param location string

param tags object

param storageAccountName string

param appInsightsName string

@description('Origin allowed by CORS: the static site, e.g. https://<name>.azurestaticapps.net.')
param allowedOrigin string

param deploymentContainer string

param modelsContainer string

param sessionsTable string

param catalogTable string

param catalogContainer string

@description('Table of the embedding cache.')
param embeddingsTable string

@description('Admin API key (Admin__ApiKey), stored as a plain app setting (encrypted at rest, visible to readers of the app\'s configuration).')
@secure()
param adminApiKey string

@description('HMAC key of the download links (Downloads__SigningKey).')
@secure()
param downloadSigningKey string

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@minValue(1)
@maxValue(1440)
param sessionIdleTimeoutMinutes int

@description('"fileShare": models read in place from the mounted share; "blobCopy": copied from modelsContainer at start.')
@allowed(['fileShare', 'blobCopy'])
param modelSource string

@description('Storage account of the model share (modules/modelshare.bicep).')
param modelShareAccountName string

param modelShareName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource modelShareAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: modelShareAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// A Flex Consumption instance has 1 vCPU per 2048 MB: give each ONNX Runtime session that many threads.
var modelThreads = string(max(1, instanceMemoryMB / 2048))

// Where the model share is mounted on every instance (read in place).
var modelMountPath = '/mounts/models'

// Fallback: where ModelSync copies the models container at start; /tmp is the instance's writable local disk.
var modelCacheDirectory = '/tmp/imagesearch-models'

var modelDirectory = modelSource == 'fileShare' ? modelMountPath : modelCacheDirectory

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: [allowedOrigin]
        supportCredentials: false
      }
      appSettings: [
        // Functions host and platform.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD' }
        // StorageOptions: managed identity, no connection string (Storage__ConnectionString is for Azurite only).
        { name: 'Storage__BlobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'Storage__TableServiceUri', value: storage.properties.primaryEndpoints.table }
        { name: 'Storage__SessionsTable', value: sessionsTable }
        { name: 'Storage__CatalogTable', value: catalogTable }
        { name: 'Storage__CatalogContainer', value: catalogContainer }
        { name: 'Storage__WebCacheTable', value: 'webcache' }
        { name: 'Storage__WebCacheContainer', value: 'webcache' }
        { name: 'Storage__EmbeddingCacheTable', value: embeddingsTable }
        { name: 'Storage__MaxRetries', value: '2' }
        { name: 'Storage__NetworkTimeoutSeconds', value: '3' }
        // SessionOptions
        { name: 'Sessions__IdleTimeoutMinutes', value: string(sessionIdleTimeoutMinutes) }
        // The session API takes the id in the Session-Id header only: an id in a URL path would reach the platform's request logs.
        { name: 'Sessions__AcceptIdInPath', value: 'false' }
        // AdminOptions
        { name: 'Admin__ApiKey', value: adminApiKey }
        // DownloadOptions: one key for all instances, so any instance can check a link another issued.
        { name: 'Downloads__SigningKey', value: downloadSigningKey }
        { name: 'Downloads__LinkLifetimeMinutes', value: '15' }
        // UploadOptions
        { name: 'Uploads__MaxPerSession', value: '5' }
        { name: 'Quotas__SessionsPerMinutePerClient', value: '20' }
        { name: 'Quotas__SearchesPerMinutePerClient', value: '120' }
        { name: 'Quotas__SearchesPerMinutePerSession', value: '30' }
        { name: 'Quotas__UploadsPerMinutePerClient', value: '30' }
        { name: 'Quotas__WebSearchesPerMinutePerClient', value: '20' }
        // QueryComposerOptions (docs/ranking.md)
        { name: 'Ranking__NegativeWeight', value: '0.8' }
        { name: 'Ranking__ImageWeight', value: '1.0' }
        { name: 'Ranking__FeedbackImageWeight', value: '0.5' }
        { name: 'Ranking__SelectedWeight', value: '0.75' }
        { name: 'Ranking__RejectedWeight', value: '0.25' }
        { name: 'Ranking__QueryCacheEntries', value: '20000' }
        // ImageLimitsOptions (the code's defaults, spelled out so a change is one edit here)
        { name: 'Images__MaxBytes', value: '10485760' }
        { name: 'Images__MaxPixels', value: '40000000' }
        { name: 'Images__MaxSide', value: '16384' }
        { name: 'Images__DecodeCpuSeconds', value: '1.0' }
        { name: 'Images__ReleaseMemoryAfterSeconds', value: '2' }
        { name: 'Images__DecoderMemoryLimitMegabytes', value: '256' }
        { name: 'Images__MaxConcurrentDecodes', value: '0' }
        { name: 'Images__DecodeQueueSeconds', value: '10' }
        { name: 'Images__JpegQuality', value: '90' }
        // CatalogOptions
        { name: 'Catalog__RefreshSeconds', value: '15' }
        { name: 'Catalog__MaxBatchImages', value: '32' }
        { name: 'Catalog__MaxBatchMegabytes', value: '24' }
        { name: 'Catalog__BackgroundThreads', value: '0' }
        { name: 'Catalog__SnapshotParallelRanges', value: '8' }
        { name: 'Catalog__BackfillIntervalSeconds', value: '60' }
        { name: 'Catalog__SnapshotQuietSeconds', value: '180' }
        { name: 'Catalog__SnapshotMinChanges', value: '20000' }
        // SearchOptions
        { name: 'Search__DefaultTop', value: '10' }
        { name: 'Search__DefaultCandidates', value: '20' }
        { name: 'Search__MaxTop', value: '50' }
        { name: 'Search__MaxCandidates', value: '200' }
        { name: 'Search__MaxStoredWebImagesPerSession', value: '200' }
        { name: 'Search__MaxQueryLength', value: '500' }
        { name: 'Search__Sources', value: 'catalog,duckduckgo' }
        // SafeFetchOptions, DuckDuckGoOptions, WebCacheOptions (web source; used when Search__Sources names duckduckgo)
        { name: 'WebFetch__MaxBytes', value: '8388608' }
        { name: 'WebFetch__ConnectTimeoutSeconds', value: '3' }
        { name: 'WebFetch__TotalTimeoutSeconds', value: '8' }
        { name: 'WebFetch__MaxRedirects', value: '3' }
        { name: 'WebFetch__MaxConcurrencyPerSearch', value: '32' }
        { name: 'WebFetch__MaxConcurrencyPerInstance', value: '32' }
        { name: 'WebFetch__SearchDeadlineSeconds', value: '6' }
        { name: 'WebFetch__UserAgent', value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' }
        { name: 'DuckDuckGo__BaseUrl', value: 'https://duckduckgo.com' }
        { name: 'DuckDuckGo__Region', value: 'wt-wt' }
        { name: 'DuckDuckGo__SafeSearch', value: '1' }
        { name: 'DuckDuckGo__MaxPages', value: '2' }
        { name: 'DuckDuckGo__TimeoutSeconds', value: '5' }
        { name: 'DuckDuckGo__MaxRetries', value: '2' }
        { name: 'DuckDuckGo__RetryBaseDelaySeconds', value: '1' }
        { name: 'DuckDuckGo__BreakAfterFailures', value: '4' }
        { name: 'DuckDuckGo__BreakSeconds', value: '60' }
        { name: 'DuckDuckGo__UserAgent', value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' }
        { name: 'WebCache__TtlHours', value: '168' }
        { name: 'WebCache__RejectionTtlMinutes', value: '60' }
        // EmbeddedModelOptions: the model files ship inside the app package (relative to the app folder).
        // One thread per session: imports already run one model call per processor (docs/performance.md §5c).
        { name: 'EmbeddedModels__IntraOpNumThreads', value: '1' }
        { name: 'EmbeddedModels__ModelDirectory', value: 'models/embedded' }
        { name: 'EmbeddedModels__TextBatchSize', value: '32' }
        // ClipOptions: the CLIP export is too large for the package; it is read from the mounted model share.
        { name: 'Clip__ModelDirectory', value: '${modelDirectory}/clip-vit-base-patch32' }
        { name: 'Clip__IntraOpNumThreads', value: modelThreads }
        { name: 'Clip__BatchSize', value: '16' }
        { name: 'Clip__BpeVocabularyPath', value: '' }
        { name: 'Clip__TextModelFile', value: 'onnx/text_model.onnx' }
        { name: 'Clip__VisionModelFile', value: 'onnx/vision_model.onnx' }
        { name: 'Clip__PreprocessorConfigFile', value: 'preprocessor_config.json' }
        // ModelSyncOptions: only with modelSource = blobCopy, the app copies this container (managed identity) to local disk at start.
        { name: 'Models__BlobContainer', value: modelSource == 'blobCopy' ? modelsContainer : '' }
        { name: 'Models__LocalDirectory', value: modelCacheDirectory }
        // CaptionerOptions: the vit-gpt2 export, like CLIP, comes from the model share; absent, captions use the embedded tier.
        { name: 'Captioner__ModelDirectory', value: '${modelDirectory}/vit-gpt2-image-captioning' }
        { name: 'Captioner__NumBeams', value: '3' }
        { name: 'Captioner__MaxLength', value: '20' }
        { name: 'Captioner__IntraOpNumThreads', value: modelThreads }
        // QueryRewriterOptions: distilgpt2 from the model share; absent or late, the rule-based refiner answers.
        { name: 'QueryRewriter__ModelDirectory', value: '${modelDirectory}/distilgpt2' }
        { name: 'QueryRewriter__DeadlineMilliseconds', value: '1500' }
        { name: 'QueryRewriter__MaxNewTokens', value: '16' }
        { name: 'QueryRewriter__VariationCount', value: '2' }
        { name: 'QueryRewriter__IntraOpNumThreads', value: modelThreads }
      ]
    }
  }
}

// The model share, mounted on every instance (Azure Files over SMB; a mount authenticates with the account key).
resource modelMount 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'azurestorageaccounts'
  properties: {
    models: {
      type: 'AzureFiles'
      protocol: 'Smb'
      accountName: modelShareAccount.name
      shareName: modelShareName
      mountPath: modelMountPath
      accessKey: modelShareAccount.listKeys().keys[0].value
    }
  }
}

// Built-in role ids (the same in every tenant).
var roles = {
  // Host storage (leases, keys), the deployment package, catalog and session containers (created at run time).
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // The sessions and catalog tables (the app creates them if missing).
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Telemetry with Entra ID auth (the component has local auth disabled).
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageTableDataContributor]: {
    name: guid(storage.id, site.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: site.identity.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource telemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, site.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
