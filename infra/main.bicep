// ImageSearch in one resource group: Function App (Flex Consumption) + storage + Application Insights + Static Web App.
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json -p adminApiKey=<key>
// (see infra/README.md for publishing the code and the site).

@description('Short lower-case name the resource names start with (letters and digits).')
@minLength(3)
@maxLength(12)
param appName string = 'imagesearch'

@description('Region of the Function App, storage and monitoring (must offer Flex Consumption).')
param location string = resourceGroup().location

@description('Region of the Static Web App: only a few regions host them; the content is served globally anyway.')
@allowed(['westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia'])
param siteLocation string = 'westeurope'

@description('Admin API key (Admin__ApiKey): guards the catalog import endpoints. Pass it on the command line, never in a file.')
@secure()
@minLength(32)
param adminApiKey string

@description('HMAC key of download links (Downloads__SigningKey), base64. A new random key per deployment by default, which invalidates old links (they live 15 minutes anyway).')
@secure()
param downloadSigningKey string = base64(newGuid())

@description('Memory per instance; 2048 MB = 1 vCPU. Use 4096 for the CLIP tier (larger models, 2 vCPUs).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Upper bound on instances Flex Consumption scales out to (a cost guard; 40 is the smallest allowed).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Sessions idle longer than this are deleted by the cleanup timer (Sessions__IdleTimeoutMinutes).')
@minValue(1)
@maxValue(1440)
param sessionIdleTimeoutMinutes int = 30

@description('Where the real-model tier reads its ONNX files: "fileShare" = an Azure Files share mounted at /mounts/models, read in place (recommended); "blobCopy" = copied from the models blob container to local disk at every cold start (fallback).')
@allowed(['fileShare', 'blobCopy'])
param modelSource string = 'fileShare'

@description('Daily Log Analytics ingestion cap in GB (cost guard).')
@minValue(1)
param logDailyQuotaGb int = 1

param tags object = {
  app: 'imagesearch'
}

// Deterministic per resource group, so a redeploy updates the same resources.
var token = uniqueString(resourceGroup().id, appName)
var baseName = toLower(appName)

// Names the app uses; the same defaults as StorageOptions and local.settings.sample.json.
var sessionsTable = 'sessions'
var catalogTable = 'catalog'
var embeddingsTable = 'embeddingcache'
var catalogContainer = 'catalog'
var modelsContainer = 'models'
var deploymentContainer = 'app-package'

var storageAccountName = take('st${replace(baseName, '-', '')}${token}', 24)
var modelShareAccountName = take('stm${replace(baseName, '-', '')}${token}', 24)
var modelShareName = 'models'
var appInsightsName = 'appi-${baseName}-${token}'

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    sessionsTable: sessionsTable
    catalogTable: catalogTable
    embeddingsTable: embeddingsTable
    catalogContainer: catalogContainer
    modelsContainer: modelsContainer
    deploymentContainer: deploymentContainer
    sessionBlobRetentionDays: 1
  }
}

module modelShare 'modules/modelshare.bicep' = {
  name: 'modelshare'
  params: {
    name: modelShareAccountName
    location: location
    tags: tags
    shareName: modelShareName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${baseName}-${token}'
    appInsightsName: appInsightsName
    location: location
    tags: tags
    dailyQuotaGb: logDailyQuotaGb
  }
}

resource site 'Microsoft.Web/staticSites@2024-11-01' = {
  name: 'stapp-${baseName}-${token}'
  location: siteLocation
  tags: tags
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {}
}

module api 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: 'func-${baseName}-${token}'
    planName: 'plan-${baseName}-${token}'
    location: location
    tags: tags
    storageAccountName: storageAccountName
    appInsightsName: appInsightsName
    allowedOrigin: 'https://${site.properties.defaultHostname}'
    deploymentContainer: deploymentContainer
    modelsContainer: modelsContainer
    sessionsTable: sessionsTable
    catalogTable: catalogTable
    embeddingsTable: embeddingsTable
    catalogContainer: catalogContainer
    adminApiKey: adminApiKey
    downloadSigningKey: downloadSigningKey
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    sessionIdleTimeoutMinutes: sessionIdleTimeoutMinutes
    modelSource: modelSource
    modelShareAccountName: modelShareAccountName
    modelShareName: modelShareName
  }
  // Names are computed here (known before deployment, which keeps What-If precise), so the order is explicit.
  dependsOn: [storage, monitoring, modelShare]
}

@description('Origin of the API: what static-site/config.js puts in front of "/api/..." (apiBase).')
output apiUrl string = 'https://${api.outputs.defaultHostName}'

@description('The page.')
output siteUrl string = 'https://${site.properties.defaultHostname}'

output functionAppName string = api.outputs.name

output storageAccountName string = storageAccountName

@description('Account and share to upload the model folders to (az storage file upload-batch).')
output modelShare string = '${modelShareAccountName}/${modelShareName}'

output staticWebAppName string = site.name
